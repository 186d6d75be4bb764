# SPDX-License-Identifier: Apache-2.0
"""File-backed repository model of the local Hub stand-in (docs/publish.md, "The local Hub").

Repos are keyed by (type, owner/name). A commit holds its whole tree {path: entry}; an entry is
{"oid": git blob sha1, "size": n, "lfs": sha256 or None}. Regular file bytes live in
objects/blobs/<sha1>, LFS objects in objects/lfs/<sha256>. Every mutation happens under one lock and
rewrites state.json atomically, so a commit is all or nothing.
"""
import fnmatch
import hashlib
import json
import os
import secrets
import threading
import time

GITATTRIBUTES = b"""*.bin filter=lfs diff=lfs merge=lfs -text
*.so filter=lfs diff=lfs merge=lfs -text
*.safetensors filter=lfs diff=lfs merge=lfs -text
*.pt filter=lfs diff=lfs merge=lfs -text
*.zip filter=lfs diff=lfs merge=lfs -text
*.tar.gz filter=lfs diff=lfs merge=lfs -text
"""
LFS_SIZE = 10 * 1024 * 1024  # regular (git) files must stay under 10 MiB on the Hub


class HubError(Exception):
    def __init__(self, status, message, code=None):
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(sha256, size):
    return b"version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (sha256.encode(), size)


class Store:
    def __init__(self, root):
        self.root = root
        self.lock = threading.RLock()
        for d in ("objects/blobs", "objects/lfs", "tmp"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        path = os.path.join(root, "state.json")
        self.state = {"repos": {}, "commits": {}}
        if os.path.exists(path):
            with open(path) as f:
                self.state = json.load(f)

    # -- persistence -----------------------------------------------------------------------
    def _save(self):
        path = os.path.join(self.root, "state.json")
        with open(path + ".tmp", "w") as f:
            json.dump(self.state, f)
        os.replace(path + ".tmp", path)

    def blob_path(self, sha1):
        return os.path.join(self.root, "objects/blobs", sha1)

    def lfs_path(self, sha256):
        return os.path.join(self.root, "objects/lfs", sha256)

    def has_lfs(self, sha256, size=None):
        p = self.lfs_path(sha256)
        return os.path.exists(p) and (size is None or os.path.getsize(p) == size)

    def put_blob(self, data):
        sha1 = git_blob_sha1(data)
        p = self.blob_path(sha1)
        if not os.path.exists(p):
            with open(p + ".tmp", "wb") as f:
                f.write(data)
            os.replace(p + ".tmp", p)
        return sha1

    # -- repos and refs --------------------------------------------------------------------
    @staticmethod
    def key(rtype, rid):
        return rtype + ":" + rid

    def repo(self, rtype, rid):
        r = self.state["repos"].get(self.key(rtype, rid))
        if r is None:
            raise HubError(404, "Repository not found", "RepoNotFound")
        return r

    def create_repo(self, rtype, rid, private):
        with self.lock:
            k = self.key(rtype, rid)
            if k in self.state["repos"]:
                return False
            tree = {".gitattributes": {"oid": self.put_blob(GITATTRIBUTES), "size": len(GITATTRIBUTES), "lfs": None}}
            oid = self._new_commit(None, tree, "initial commit", "")
            self.state["repos"][k] = {"private": bool(private), "branches": {"main": oid}, "prs": {}, "tags": {}}
            self._save()
            return True

    def _new_commit(self, parent, tree, title, description):
        seed = json.dumps([parent, title, time.time(), secrets.token_hex(8)]).encode()
        oid = hashlib.sha1(seed).hexdigest()
        self.state["commits"][oid] = {"parent": parent, "tree": tree, "title": title,
                                      "description": description, "date": time.time()}
        return oid

    def resolve(self, repo, rev):
        """Branch, refs/heads/x, refs/pr/N or a commit oid -> commit oid."""
        if rev.startswith("refs/heads/"):
            rev = rev[len("refs/heads/"):]
        if rev in repo["branches"]:
            return repo["branches"][rev]
        if rev.startswith("refs/pr/") and rev[8:] in repo["prs"]:
            return repo["prs"][rev[8:]]
        if rev in repo["tags"]:
            return repo["tags"][rev]
        if len(rev) == 40 and rev in self.state["commits"]:
            return rev
        raise HubError(404, "Invalid rev id: " + rev, "RevisionNotFound")

    def tree(self, oid):
        return self.state["commits"][oid]["tree"]

    def create_branch(self, repo, name, starting_point):
        with self.lock:
            if name.startswith("refs/") or not name or "/" in name and name.startswith("."):
                raise HubError(400, "Invalid reference for a branch: " + name)
            if name in repo["branches"]:
                raise HubError(409, "Reference already exists: refs/heads/" + name)
            repo["branches"][name] = self.resolve(repo, starting_point or "main")
            self._save()

    # -- preupload -------------------------------------------------------------------------
    def lfs_patterns(self, tree):
        e = tree.get(".gitattributes")
        if not e or e["lfs"]:
            return []
        with open(self.blob_path(e["oid"]), "rb") as f:
            lines = f.read().decode(errors="replace").splitlines()
        return [ln.split()[0] for ln in lines if "filter=lfs" in ln and ln.split()]

    def upload_mode(self, tree, path, size, sample):
        if size == 0:
            return "regular"
        if size >= LFS_SIZE or b"\0" in sample:
            return "lfs"
        base = path.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatch(base, p) or fnmatch.fnmatch(path, p) for p in self.lfs_patterns(tree)):
            return "lfs"
        return "regular"

    # -- commits ---------------------------------------------------------------------------
    def commit(self, repo, rev, header, ops, create_pr):
        """Applies all operations or none; returns (commit oid, pr number or None)."""
        with self.lock:
            head = self.resolve(repo, rev)
            parent = header.get("parentCommit")
            if parent and parent != head:
                raise HubError(412, "A commit has happened since. Please refresh and try again.")
            tree = dict(self.tree(head))
            for key, value in ops:
                self._apply(tree, key, value)
            oid = self._new_commit(head, tree, header.get("summary") or "", header.get("description") or "")
            pr = None
            if create_pr:
                pr = str(len(repo["prs"]) + 1)
                repo["prs"][pr] = oid
            elif rev.startswith("refs/pr/"):
                repo["prs"][rev[8:]] = oid
            else:
                repo["branches"][rev[len("refs/heads/"):] if rev.startswith("refs/heads/") else rev] = oid
            self._save()
            return oid, pr

    def _apply(self, tree, key, v):
        path = v.get("path", "")
        if not path or path.startswith("/") or ".." in path.split("/"):
            raise HubError(400, "Invalid path: %r" % path)
        if key == "file":
            data = __import__("base64").b64decode(v["content"])
            tree[path] = {"oid": self.put_blob(data), "size": len(data), "lfs": None}
        elif key == "lfsFile":
            sha, size = v.get("oid", ""), v.get("size")
            if not self.has_lfs(sha, size):
                raise HubError(422, "LFS object %s of %s was never uploaded" % (sha, path))
            tree[path] = {"oid": git_blob_sha1(lfs_pointer(sha, size)), "size": size, "lfs": sha}
        elif key == "deletedFile":
            if path not in tree:
                raise HubError(404, "File not found: " + path, "EntryNotFound")
            del tree[path]
        elif key == "deletedFolder":
            prefix = path.rstrip("/") + "/"
            for p in [p for p in tree if p.startswith(prefix)]:
                del tree[p]
        else:
            raise HubError(400, "Unknown operation: " + key)
