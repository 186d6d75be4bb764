# SPDX-License-Identifier: Apache-2.0
"""Referee for whole trees: does the `kernels` loader import the kernel and run its op?

Usage: kernels_load.py REPO_DIR...; prints one JSON object per line:
{"repo": dir, "ok": bool, "error": str}. Each repo's kernel must define relu(x) over a
CPU tensor; the loader is kernels.get_local_kernel (what users call on a local build).
"""
import json
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
import kernels  # noqa: E402

for arg in sys.argv[1:]:
    out = {"repo": arg, "ok": False, "error": ""}
    try:
        k = kernels.get_local_kernel(Path(arg), backend="cpu")
        got = k.relu(torch.tensor([-1.0, 2.0]))
        out["ok"] = got.tolist() == [0.0, 2.0]
        if not out["ok"]:
            out["error"] = f"relu returned {got.tolist()}"
    except Exception as e:  # any failure to load or run is the verdict
        out["error"] = f"{type(e).__name__}: {e}"
    print(json.dumps(out), flush=True)
