# SPDX-License-Identifier: Apache-2.0
"""A PEP 503 simple index on 127.0.0.1 for tests: ROOT/<project>/<files> served as /simple/<project>/.

Usage: simple_index.py ROOT PORT_FILE LOG_FILE
Binds an ephemeral port, writes it to PORT_FILE, logs each request path to LOG_FILE, serves until killed.
http.server's directory listing is a valid simple-index page (one <a href> per file, '+' quoted).
"""
import functools
import http.server
import sys

root, port_file, log_file = sys.argv[1], sys.argv[2], sys.argv[3]


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if path.startswith("/simple"):
            path = path[len("/simple"):] or "/"
        return super().translate_path(path)

    def log_message(self, fmt, *args):
        with open(log_file, "a") as f:
            f.write(self.path + "\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402

os.replace(port_file + ".tmp", port_file)
server.serve_forever()
