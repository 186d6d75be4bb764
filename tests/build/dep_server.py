# SPDX-License-Identifier: Apache-2.0
"""A file server on 127.0.0.1 for kb's C++ dependency fetch tests (a stand-in for PyPI/GitHub).

Usage: dep_server.py --root DIR --port-file FILE
Writes DIR/dep.zip (a small dependency laid out like a release archive: fakedep-1.0/include/...)
on start, then serves DIR. GET /<name>.short sends <name>'s Content-Length but only half of its
bytes and drops the connection, as an interrupted download does.
"""
import argparse
import http.server
import os
import zipfile


def make_archive(root):
    with zipfile.ZipFile(os.path.join(root, "dep.zip"), "w") as z:
        z.writestr("fakedep-1.0/include/fakedep/fakedep.h", "#pragma once\n#define FAKEDEP_VERSION 10\n")
        z.writestr("fakedep-1.0/tools/util/include/fakedep/util.h", "#pragma once\n")
        z.writestr("fakedep-1.0/docs/README.md", "not unpacked: outside the include dirs\n")


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.endswith(".short"):
            path = os.path.join(self.server.root, self.path[1:-len(".short")])
            data = open(path, "rb").read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()

    def translate_path(self, path):
        return os.path.join(self.server.root, path.lstrip("/"))

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    os.makedirs(a.root, exist_ok=True)
    make_archive(a.root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.root = a.root
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
