# SPDX-License-Identifier: Apache-2.0
"""Endpoints of the local Hub (docs/publish.md, "The local Hub"), one function each."""
import base64
import hashlib
import json
import os
import re
import secrets
import urllib.parse

from hub_routes import PREFIXES, PREFIX_TYPES, SEG_TYPES, HubError
from hub_store import lfs_pointer

U = urllib.parse.unquote
R = r"(?P<seg>models|datasets|spaces|kernels)/(?P<owner>[^/?]+)/(?P<name>[^/?]+)"
P = r"(?P<prefix>(?:datasets/|spaces/|kernels/)?)(?P<owner>[^/?_][^/?]*)/(?P<name>[^/?]+?)"


def repo_of(m):
    rtype = SEG_TYPES[m["seg"]] if "seg" in m.groupdict() else PREFIX_TYPES[m["prefix"]]
    return rtype, U(m["owner"]) + "/" + U(m["name"])


def truthy(h, key):
    return h.query.get(key, ["false"])[0].lower() in ("1", "true", "yes")


# -- account and repos -------------------------------------------------------------------------
def whoami(h, m):
    ident = h.identity()
    if ident is None:
        raise HubError(401, "Invalid credentials in Authorization header")
    role, user = ident
    h.send(200, {"type": "user", "id": user, "name": user, "fullname": user, "email": user + "@example.invalid",
                 "emailVerified": True, "isPro": False, "canPay": False, "avatarUrl": "",
                 "orgs": [{"name": "org", "type": "org"}, {"name": "kernels-community", "type": "org"}],
                 "auth": {"type": "access_token", "accessToken": {"displayName": "test", "role": role.split("-")[0]}}})


def create_repo(h, m):
    body = h.json_body()
    rtype = body.get("type") or "model"
    user = h.need_write(kernel_create=rtype == "kernel")
    rid = (body.get("organization") or user) + "/" + body["name"]
    private = body.get("private", body.get("visibility") == "private")
    url = h.base_url() + "/" + PREFIXES[rtype] + rid
    if not h.hub.store.create_repo(rtype, rid, private):
        h.send(409, {"error": "You already created this %s repo" % rtype, "url": url})
        return
    h.send(200, {"url": url, "name": rid, "id": rid})


def repo_info(h, m):
    rtype, rid = repo_of(m)
    repo = h.readable_repo(rtype, rid)
    rev = U(m["rev"]) if m.groupdict().get("rev") else "main"
    sha = h.hub.store.resolve(repo, rev)
    tree = h.hub.store.tree(sha)
    h.send(200, {"id": rid, "modelId": rid, "author": rid.split("/")[0], "sha": sha, "private": repo["private"],
                 "disabled": False, "gated": False, "downloads": 0, "likes": 0, "tags": [],
                 "lastModified": "2026-01-01T00:00:00.000Z",
                 "siblings": [{"rfilename": p} for p in sorted(tree)]})


def refs(h, m):
    rtype, rid = repo_of(m)
    repo = h.readable_repo(rtype, rid)
    out = {"branches": [{"name": b, "ref": "refs/heads/" + b, "targetCommit": c} for b, c in sorted(repo["branches"].items())],
           "tags": [{"name": t, "ref": "refs/tags/" + t, "targetCommit": c} for t, c in sorted(repo["tags"].items())],
           "converts": []}
    if truthy(h, "include_prs"):
        out["pullRequests"] = [{"name": "refs/pr/" + n, "ref": "refs/pr/" + n, "targetCommit": c}
                               for n, c in sorted(repo["prs"].items())]
    h.send(200, out)


def create_branch(h, m):
    h.need_write()
    rtype, rid = repo_of(m)
    repo = h.hub.store.repo(rtype, rid)
    body = h.json_body()
    h.hub.store.create_branch(repo, U(m["branch"]), body.get("startingPoint"))
    h.send(200, {})


def tree(h, m):
    rtype, rid = repo_of(m)
    repo = h.readable_repo(rtype, rid)
    sha = h.hub.store.resolve(repo, U(m["rev"]))
    base = U(m["path"] or "").strip("/")
    files = h.hub.store.tree(sha)
    recursive = truthy(h, "recursive")
    entries, dirs = [], set()
    for p in sorted(files):
        if base and not p.startswith(base + "/"):
            continue
        rest = p[len(base) + 1:] if base else p
        parts = rest.split("/")
        for i in range(1, len(parts) if recursive else min(2, len(parts))):
            dirs.add((base + "/" if base else "") + "/".join(parts[:i]))
        if recursive or len(parts) == 1:
            e = files[p]
            item = {"type": "file", "oid": e["oid"], "size": e["size"], "path": p}
            if e["lfs"]:
                item["lfs"] = {"oid": e["lfs"], "size": e["size"], "pointerSize": len(lfs_pointer(e["lfs"], e["size"]))}
            entries.append(item)
    if base and not entries and not dirs:
        h.repo_commit = sha
        raise HubError(404, "Entry not found: " + base, "EntryNotFound")
    entries += [{"type": "directory", "oid": hashlib.sha1(d.encode()).hexdigest(), "size": 0, "path": d} for d in sorted(dirs)]
    entries.sort(key=lambda e: e["path"])
    page(h, entries)


def page(h, entries, limit=1000):
    """Link-header pagination as the Hub's tree listing does."""
    cursor = int(h.query.get("cursor", ["0"])[0])
    headers = {}
    if cursor + limit < len(entries):
        q = dict((k, v[0]) for k, v in h.query.items())
        q["cursor"] = str(cursor + limit)
        headers["Link"] = '<%s%s?%s>; rel="next"' % (h.base_url(), h.path.partition("?")[0], urllib.parse.urlencode(q))
    h.send(200, entries[cursor:cursor + limit], headers)


def validate_yaml(h, m):
    h.body()
    h.send(200, {"errors": [], "warnings": []})


def org_overview(h, m):
    h.send(200, {"name": U(m["org"]), "fullname": U(m["org"]), "trustedKernelPublisher": True, "isVerified": True})


def not_found(h, m=None):
    h.skip_body()
    raise HubError(404, "Not found: " + h.command + " " + h.path.partition("?")[0])


# -- preupload and commit ----------------------------------------------------------------------
def preupload(h, m):
    h.need_write()
    rtype, rid = repo_of(m)
    store = h.hub.store
    repo = store.repo(rtype, rid)
    files = store.tree(store.resolve(repo, U(m["rev"])))
    out = []
    for f in h.json_body().get("files", []):
        sample = base64.b64decode(f.get("sample", ""))
        mode = store.upload_mode(files, f["path"], f["size"], sample)
        cur = files.get(f["path"])
        oid = None if cur is None else (cur["lfs"] or cur["oid"])
        out.append({"path": f["path"], "uploadMode": mode, "shouldIgnore": False, "oid": oid})
    h.send(200, {"files": out, "commitOid": store.resolve(repo, U(m["rev"]))})


def commit(h, m):
    h.need_write()
    rtype, rid = repo_of(m)
    store = h.hub.store
    repo = store.repo(rtype, rid)
    lines = [json.loads(ln) for ln in h.body().split(b"\n") if ln.strip()]
    if not lines or lines[0].get("key") != "header" or not lines[0]["value"].get("summary"):
        raise HubError(400, "The first line must be a header with a non-empty summary")
    ops = [(ln["key"], ln["value"]) for ln in lines[1:]]
    create_pr = truthy(h, "create_pr")
    oid, pr = store.commit(repo, U(m["rev"]), lines[0]["value"], ops, create_pr)
    if h.hub.faults.take("drop_commit"):
        h.drop()
    url = h.base_url() + "/" + PREFIXES[rtype] + rid
    out = {"success": True, "commitOid": oid, "commitUrl": url + "/commit/" + oid}
    if pr:
        out["pullRequestUrl"] = url + "/discussions/" + pr
        out["prNum"] = int(pr)
    h.send(200, out)


# -- downloads ---------------------------------------------------------------------------------
def resolve_file(h, m):
    rtype, rid = repo_of(m)
    store = h.hub.store
    repo = h.readable_repo(rtype, rid)
    sha = store.resolve(repo, U(m["rev"]))
    h.repo_commit = sha
    path = U(m["path"])
    e = store.tree(sha).get(path)
    if e is None:
        raise HubError(404, "Entry not found", "EntryNotFound")
    fp = store.lfs_path(e["lfs"]) if e["lfs"] else store.blob_path(e["oid"])
    headers = {"X-Repo-Commit": sha, "ETag": '"%s"' % (e["lfs"] or e["oid"]), "Accept-Ranges": "none"}
    if e["lfs"]:
        headers.update({"X-Linked-Etag": '"%s"' % e["lfs"], "X-Linked-Size": str(e["size"])})
    headers["Content-Type"] = "application/octet-stream"
    with open(fp, "rb") as f:
        h.send(200, None, headers, raw=b"", length=e["size"], stream=f)
