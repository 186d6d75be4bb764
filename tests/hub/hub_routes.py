# SPDX-License-Identifier: Apache-2.0
"""HTTP layer of the local Hub: routing, auth, errors, the API endpoints (docs/publish.md, "The local Hub")."""
import json
import re
import socket
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

from hub_store import HubError

SEG = r"(?P<seg>models|datasets|spaces|kernels)"
REPO = r"(?P<owner>[^/?]+)/(?P<name>[^/?]+)"
SEG_TYPES = {"models": "model", "datasets": "dataset", "spaces": "space", "kernels": "kernel"}
PREFIX_TYPES = {"": "model", "datasets/": "dataset", "spaces/": "space", "kernels/": "kernel"}
PREFIXES = {v: k for k, v in PREFIX_TYPES.items()}


class Dropped(Exception):
    """The fault switch closed the connection: send nothing."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kb-local-hub/1"

    def log_message(self, *args):  # the Hub keeps its own log (never headers)
        pass

    # -- plumbing ------------------------------------------------------------------------
    @property
    def hub(self):
        return self.server.hub

    def body_stream(self):
        """Yields the request body in chunks (Content-Length or chunked framing)."""
        self._consumed = True
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return
                left = size
                while left:
                    chunk = self.rfile.read(min(left, 1 << 20))
                    left -= len(chunk)
                    self.bytes_in += len(chunk)
                    yield chunk
                self.rfile.readline()
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                raise Dropped()
            left -= len(chunk)
            self.bytes_in += len(chunk)
            yield chunk

    def body(self):
        return b"".join(self.body_stream())

    def json_body(self):
        try:
            return json.loads(self.body() or b"{}")
        except ValueError:
            raise HubError(400, "Body is not JSON")

    def send(self, status, payload=None, headers=None, raw=None, length=None, stream=None):
        """Answers with JSON `payload`, or `raw` bytes, or `length` bytes copied from file `stream`."""
        if self.hub.faults.slow_ms:
            time.sleep(self.hub.faults.slow_ms / 1000)
        data = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
        self.send_response(status)
        self.send_header("X-Request-Id", "req-%d" % id(self))
        if raw is None:
            self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.end_headers()
        self.status = status
        if self.command == "HEAD":
            return
        self.wfile.write(data)
        while stream is not None:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            self.wfile.write(chunk)

    def drop(self):
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True
        raise Dropped()

    def base_url(self):
        return "http://" + self.headers.get("Host", "127.0.0.1")

    # -- auth ----------------------------------------------------------------------------
    def token(self):
        h = self.headers.get("Authorization", "")
        return h[7:].strip() if h.startswith("Bearer ") else None

    def identity(self):
        t = self.token()
        if t is None:
            return None
        if t not in self.hub.tokens:
            raise HubError(401, "Invalid credentials in Authorization header")
        return self.hub.tokens[t]

    def need_write(self, kernel_create=False):
        ident = self.identity()
        if ident is None:
            raise HubError(401, "Invalid username or password.")
        role, user = ident
        if role == "read":
            raise HubError(403, "You don't have the rights to write to this repository (read token)")
        if kernel_create and role == "write-nokernel":
            raise HubError(403, "You don't have the rights to create kernel repositories. Request access.")
        return user

    def readable_repo(self, rtype, rid):
        repo = self.hub.store.repo(rtype, rid)
        if repo["private"] and self.identity() is None:
            raise HubError(404, "Repository not found", "RepoNotFound")
        return repo

    # -- dispatch ------------------------------------------------------------------------
    def handle_any(self):
        self.bytes_in, self._consumed, self.status = 0, False, 0
        raw_path, _, query = self.path.partition("?")
        self.query = urllib.parse.parse_qs(query)
        what = self.command + " " + raw_path
        try:
            from hub_router import route  # late import: the modules form one handler
            hit = self.hub.faults.match(self.hub.faults.rate_limit, what)
            if hit:
                self.skip_body()
                self.send(429, {"error": "rate limited"},
                          {"RateLimit": '"api";r=0;t=%d' % hit[2], "Retry-After": str(hit[2])})
            elif self.hub.faults.match(self.hub.faults.fail_500, what):
                self.skip_body()
                self.send(500, {"error": "injected failure"})
            else:
                route(self, raw_path)
        except Dropped:
            self.status = -1
        except HubError as e:
            headers = {"X-Error-Message": e.message}
            if e.code:
                headers["X-Error-Code"] = e.code
            if getattr(self, "repo_commit", None):
                headers["X-Repo-Commit"] = self.repo_commit
            self.skip_body()
            self.send(e.status, {"error": e.message}, headers)
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
            self.status = -1
        finally:
            if self.status != -1:
                self.skip_body()  # keep the connection usable: drain what the endpoint did not read
            if not raw_path.startswith("/_admin/"):
                self.hub.record(self.command, raw_path + ("?" + query if query else ""), self.status,
                                self.token() is not None, self.bytes_in)

    def skip_body(self):
        if not self._consumed:
            try:
                for _ in self.body_stream():
                    pass
            except Dropped:
                self.close_connection = True

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_any
