# SPDX-License-Identifier: Apache-2.0
"""Loads kb-built relu kernels with the real `kernels` library and checks them against torch.relu.

Usage: kernels_relu.py REPO_DIR...  Every repo is loaded into this one process (the uniqueness
promise: two builds with different ids coexist). Prints one line "ok <module> <ops namespace>" per
repo; exits non-zero on the first failure.
"""
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402

torch.manual_seed(0)
loaded = []
for repo in sys.argv[1:]:
    k = get_local_kernel(Path(repo), backend="cpu")
    loaded.append(k)
for repo, k in zip(sys.argv[1:], loaded):
    for shape in [(1,), (7,), (4, 5), (2, 3, 33), (16, 1024)]:
        x = torch.randn(*shape)
        got = k.relu(x)
        if not torch.equal(got, torch.relu(x)):
            sys.exit(f"{repo}: relu differs from torch.relu for shape {shape}")
    ns = k._ops.ops._name if hasattr(k._ops.ops, "_name") else str(k._ops.ops)
    print("ok", k.__name__, ns)
