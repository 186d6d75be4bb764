# SPDX-License-Identifier: Apache-2.0
"""LFS side of the local Hub (docs/publish.md, step 6): batch, pre-signed single and multipart
uploads (SHA-256 checked before an object is stored), completion and verify. Upload URLs carry a
random signature and refuse an Authorization header, as pre-signed storage URLs would."""
import hashlib
import os
import secrets
import shutil

from hub_routes import PREFIXES, HubError
from hub_routes_api import U, repo_of


def batch(h, m):
    h.need_write()
    rtype, rid = repo_of(m)
    h.hub.store.repo(rtype, rid)
    body = h.json_body()
    if body.get("operation") != "upload":
        raise HubError(400, "only the upload operation is supported")
    out = []
    for o in body.get("objects", []):
        oid, size = o["oid"], int(o["size"])
        if h.hub.store.has_lfs(oid, size):
            out.append({"oid": oid, "size": size})  # stored already: no actions
            continue
        out.append({"oid": oid, "size": size, "authenticated": True, "actions": actions(h, rtype, rid, oid, size)})
    h.send(200, {"transfer": "basic", "objects": out}, {"Content-Type": "application/vnd.git-lfs+json"})


def actions(h, rtype, rid, oid, size):
    sig = secrets.token_hex(16)
    base = h.base_url()
    verify = {"href": "%s/%s%s.git/info/lfs/objects/verify" % (base, PREFIXES[rtype], rid)}
    if size <= h.hub.multipart_threshold:
        h.hub.uploads[sig] = {"oid": oid, "size": size}
        return {"upload": {"href": "%s/_storage/put/%s?sig=%s" % (base, oid, sig), "expires_in": 3600}, "verify": verify}
    chunk = h.hub.chunk_size
    n = (size + chunk - 1) // chunk
    h.hub.uploads[sig] = {"oid": oid, "size": size, "chunk": chunk, "parts": n, "etags": {}}
    header = {"chunk_size": str(chunk)}
    for i in range(1, n + 1):
        header["%05d" % i] = "%s/_storage/part/%s/%d?sig=%s" % (base, oid, i, sig)
    return {"upload": {"href": "%s/_storage/complete/%s?sig=%s" % (base, oid, sig), "header": header,
                       "expires_in": 3600}, "verify": verify}


def session(h, m):
    if h.headers.get("Authorization"):
        raise HubError(400, "pre-signed upload URLs must not carry an Authorization header")
    sig = h.query.get("sig", [""])[0]
    s = h.hub.uploads.get(sig)
    if s is None or s["oid"] != m["oid"]:
        raise HubError(403, "bad or expired upload signature")
    return sig, s


def receive(h, dest, expect_len, drop):
    """Streams the body to dest; returns (sha256 hex, length). A `drop` fault cuts it half-way."""
    hasher, n = hashlib.sha256(), 0
    tmp = dest + ".part-" + secrets.token_hex(4)
    try:
        with open(tmp, "wb") as f:
            for chunk in h.body_stream():
                hasher.update(chunk)
                f.write(chunk)
                n += len(chunk)
                if drop and n >= expect_len // 2:
                    h.drop()
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return hasher.hexdigest(), n


def put_single(h, m):
    sig, s = session(h, m)
    drop = h.hub.faults.take("drop_put")
    dest = os.path.join(h.hub.store.root, "tmp", sig)
    digest, n = receive(h, dest, s["size"], drop)
    if digest != s["oid"] or n != s["size"]:
        os.remove(dest)
        raise HubError(400, "SHA-256 or size mismatch: got %s (%d bytes)" % (digest, n))
    os.replace(dest, h.hub.store.lfs_path(s["oid"]))
    h.send(200, None, {"ETag": '"%s"' % digest}, raw=b"")


def put_part(h, m):
    sig, s = session(h, m)
    i = int(m["part"])
    if "parts" not in s or not 1 <= i <= s["parts"]:
        raise HubError(400, "no such part")
    expect = min(s["chunk"], s["size"] - (i - 1) * s["chunk"])
    drop = h.hub.faults.take("drop_put")
    os.makedirs(os.path.join(h.hub.store.root, "tmp", sig), exist_ok=True)
    dest = os.path.join(h.hub.store.root, "tmp", sig, str(i))
    digest, n = receive(h, dest, expect, drop)
    if n != expect:
        raise HubError(400, "part %d: expected %d bytes, got %d" % (i, expect, n))
    etag = '"%s"' % digest[:32]
    s["etags"][i] = etag
    h.send(200, None, {"ETag": etag}, raw=b"")


def complete(h, m):
    sig, s = session(h, m)
    body = h.json_body()
    parts = body.get("parts", [])
    if body.get("oid") != s["oid"] or [p["partNumber"] for p in parts] != list(range(1, s["parts"] + 1)):
        raise HubError(400, "completion must list every part in order")
    for p in parts:
        if s["etags"].get(p["partNumber"]) != p["etag"]:
            raise HubError(400, "part %d: ETag mismatch" % p["partNumber"])
    folder = os.path.join(h.hub.store.root, "tmp", sig)
    hasher, tmp = hashlib.sha256(), os.path.join(folder, "joined")
    with open(tmp, "wb") as out:
        for i in range(1, s["parts"] + 1):
            with open(os.path.join(folder, str(i)), "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    hasher.update(chunk)
                    out.write(chunk)
    if hasher.hexdigest() != s["oid"] or os.path.getsize(tmp) != s["size"]:
        shutil.rmtree(folder, ignore_errors=True)
        raise HubError(400, "SHA-256 mismatch after joining the parts")
    os.replace(tmp, h.hub.store.lfs_path(s["oid"]))
    shutil.rmtree(folder, ignore_errors=True)
    h.send(200, {"oid": s["oid"], "size": s["size"]})


def verify(h, m):
    h.need_write()
    body = h.json_body()
    if not h.hub.store.has_lfs(body.get("oid", ""), body.get("size")):
        raise HubError(404, "object %s not stored with size %s" % (body.get("oid"), body.get("size")))
    h.send(200, {"oid": body["oid"], "size": body["size"]})
