# SPDX-License-Identifier: Apache-2.0
"""Route table of the local Hub: (method, regex on the raw path) -> endpoint. Revisions are one
percent-encoded segment (refs%2Fpr%2F1); paths are matched raw, then each group is decoded."""
import json
import re

import hub_lfs as lfs
import hub_routes_api as api
from hub_routes import HubError

R, P = api.R, api.P
REV = r"(?P<rev>[^/?]+)"


def admin_faults(h, m):
    h.hub.faults.set(h.json_body())
    h.send(200, {"ok": True})


def admin_log(h, m):
    with h.hub.log_lock:
        h.send(200, list(h.hub.requests))


def admin_clear(h, m):
    h.body()
    with h.hub.log_lock:
        h.hub.requests.clear()
    h.send(200, {"ok": True})


ROUTES = [
    ("POST", r"/_admin/faults", admin_faults),
    ("GET", r"/_admin/log", admin_log),
    ("POST", r"/_admin/clear-log", admin_clear),
    ("PUT", r"/_storage/put/(?P<oid>[0-9a-f]{64})", lfs.put_single),
    ("PUT", r"/_storage/part/(?P<oid>[0-9a-f]{64})/(?P<part>\d+)", lfs.put_part),
    ("POST", r"/_storage/complete/(?P<oid>[0-9a-f]{64})", lfs.complete),
    ("GET", r"/api/whoami-v2", api.whoami),
    ("POST", r"/api/repos/create", api.create_repo),
    ("POST", r"/api/validate-yaml", api.validate_yaml),
    ("GET", r"/api/organizations/(?P<org>[^/]+)/overview", api.org_overview),
    ("GET", r"/api/agent-harnesses", api.not_found),
    ("GET", r"/api/" + R + r"/xet-write-token/.*", api.not_found),
    ("GET", r"/api/" + R, api.repo_info),
    ("GET", r"/api/" + R + r"/revision/" + REV, api.repo_info),
    ("GET", r"/api/" + R + r"/refs", api.refs),
    ("POST", r"/api/" + R + r"/branch/(?P<branch>[^/]+)", api.create_branch),
    ("GET", r"/api/" + R + r"/tree/" + REV + r"(?:/(?P<path>.*))?", api.tree),
    ("POST", r"/api/" + R + r"/preupload/" + REV, api.preupload),
    ("POST", r"/api/" + R + r"/commit/" + REV, api.commit),
    ("POST", r"/" + P + r"\.git/info/lfs/objects/batch", lfs.batch),
    ("POST", r"/" + P + r"\.git/info/lfs/objects/verify", lfs.verify),
    ("GET", r"/" + P + r"/resolve/" + REV + r"/(?P<path>.+)", api.resolve_file),
    ("HEAD", r"/" + P + r"/resolve/" + REV + r"/(?P<path>.+)", api.resolve_file),
]
COMPILED = [(method, re.compile(pattern + r"$"), fn) for method, pattern, fn in ROUTES]


def route(h, raw_path):
    for method, rx, fn in COMPILED:
        if method == h.command:
            m = rx.match(raw_path)
            if m:
                fn(h, m)
                return
    api.not_found(h)
