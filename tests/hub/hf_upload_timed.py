# SPDX-License-Identifier: Apache-2.0
"""Benchmark helper: times huggingface_hub.upload_folder(FOLDER) into model repo REPO@v1 on the local
Hub (HF_ENDPOINT, Xet off) and prints the seconds. Usage: hf_upload_timed.py FOLDER REPO"""
import sys
import time

from huggingface_hub import HfApi

folder, repo = sys.argv[1:3]
api = HfApi()
api.create_repo(repo, exist_ok=True)
api.create_branch(repo, branch="v1", exist_ok=True)
start = time.monotonic()
api.upload_folder(folder_path=folder, repo_id=repo, revision="v1")
print("%.3f" % (time.monotonic() - start))
