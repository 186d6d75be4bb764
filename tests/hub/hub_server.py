#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Local Hub-compatible server for kb's publish tests and `make demo` (docs/publish.md, "The local Hub").

Binds 127.0.0.1 only. Usage:
  hub_server.py --root DIR [--port 0] [--port-file F] [--log F] --token VALUE:ROLE[:USER] ...
Roles: read, write, write-nokernel (may write, but creating a kernel repo answers 403).
Fault switches (POST /_admin/faults, JSON, each a count of requests it hits):
  drop_put       close the connection half-way through the next N storage PUTs
  fail_500       {"pattern": regex on "METHOD path", "count": N} -> 500 once per hit
  rate_limit     {"pattern": ..., "count": N, "t": seconds} -> 429 with RateLimit and Retry-After
  drop_commit    apply the next N commits, then close the connection without an answer
  slow_ms        sleep that long before every answer (0 turns it off)
GET /_admin/log lists the requests (method, path, status, authorized, bytes in); the log file has
one line per request and never any header value.
"""
import argparse
import os
import re
import sys
import threading
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hub_store import HubError, Store  # noqa: E402

class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.drop_put = 0
        self.drop_commit = 0
        self.fail_500 = []  # [pattern, count]
        self.rate_limit = []  # [pattern, count, t]
        self.slow_ms = 0

    def set(self, cfg):
        with self.lock:
            self.drop_put += int(cfg.get("drop_put", 0))
            self.drop_commit += int(cfg.get("drop_commit", 0))
            self.slow_ms = int(cfg.get("slow_ms", self.slow_ms))
            if "fail_500" in cfg:
                self.fail_500.append([cfg["fail_500"]["pattern"], int(cfg["fail_500"].get("count", 1))])
            if "rate_limit" in cfg:
                c = cfg["rate_limit"]
                self.rate_limit.append([c["pattern"], int(c.get("count", 1)), int(c.get("t", 1))])

    def take(self, name):
        with self.lock:
            if getattr(self, name) > 0:
                setattr(self, name, getattr(self, name) - 1)
                return True
            return False

    def match(self, table, what):
        with self.lock:
            for entry in table:
                if entry[1] > 0 and re.search(entry[0], what):
                    entry[1] -= 1
                    return entry
        return None


class Hub:
    def __init__(self, root, tokens, log_path, chunk_size, multipart_threshold):
        self.store = Store(root)
        self.tokens = tokens  # value -> (role, user)
        self.faults = Faults()
        self.log_lock = threading.Lock()
        self.requests = []
        self.log_file = open(log_path, "a") if log_path else None
        self.uploads = {}  # signature -> upload session
        self.chunk_size = chunk_size
        self.multipart_threshold = multipart_threshold

    def record(self, method, path, status, authorized, bytes_in):
        entry = {"method": method, "path": path, "status": status, "authorized": authorized, "bytes_in": bytes_in}
        with self.log_lock:
            self.requests.append(entry)
            if self.log_file:
                self.log_file.write("%s %s %d %d\n" % (method, path, status, bytes_in))
                self.log_file.flush()


from hub_routes import Handler  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--token", action="append", default=[], help="VALUE:ROLE[:USER]")
    ap.add_argument("--chunk-size", type=int, default=16 << 20)
    ap.add_argument("--multipart-threshold", type=int, default=32 << 20)
    a = ap.parse_args()
    tokens = {}
    for t in a.token:
        parts = t.split(":")
        tokens[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "tester")
    hub = Hub(a.root, tokens, a.log, a.chunk_size, a.multipart_threshold)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    server.hub = hub
    port = server.server_address[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(str(port))
        os.replace(a.port_file + ".tmp", a.port_file)
    print("hub: listening on http://127.0.0.1:%d" % port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
