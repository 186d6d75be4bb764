# SPDX-License-Identifier: Apache-2.0
"""Faithfulness referee: the real huggingface_hub client (Xet off) uploads FOLDER to model repo REPO
on the local Hub (HF_ENDPOINT) and downloads it back into OUT. Usage: hf_roundtrip.py FOLDER REPO OUT"""
import sys

from huggingface_hub import HfApi, snapshot_download

folder, repo, out = sys.argv[1:4]
api = HfApi()
assert api.whoami()["name"], "whoami"
api.create_repo(repo, exist_ok=True)
api.create_repo(repo, exist_ok=True)  # the 409 path must carry "url"
api.create_branch(repo, branch="v1", exist_ok=True)
first = api.upload_folder(folder_path=folder, repo_id=repo, revision="v1")
again = api.upload_folder(folder_path=folder, repo_id=repo, revision="v1")
assert first.oid == again.oid, "an unchanged re-upload must not commit"
files = {f.path for f in api.list_repo_tree(repo, revision="v1", recursive=True)}
snapshot_download(repo, revision="v1", local_dir=out)
print("commit", first.oid, "files", len(files))
