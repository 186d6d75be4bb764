# SPDX-License-Identifier: Apache-2.0
"""Downloads a revision with the real huggingface_hub client.
Usage: hf_snapshot.py REPO_TYPE REPO REVISION OUT"""
import sys

from huggingface_hub import snapshot_download

rtype, repo, rev, out = sys.argv[1:5]
snapshot_download(repo, repo_type=rtype, revision=rev, local_dir=out)
print("downloaded", repo, rev)
