# SPDX-License-Identifier: Apache-2.0
"""Loads a kb-built stable-ABI relu kernel with the real `kernels` library in whatever Torch is
importable (PYTHONPATH chooses the release) and compares it with torch.relu.

Usage: kernels_stable_abi.py REPO_DIR EXPECTED_VARIANT [cpu|cuda]
Prints "ok torch <version> <variant> <device>"; exits non-zero on any difference.
"""
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402

repo, expected = Path(sys.argv[1]), sys.argv[2]
device = sys.argv[3] if len(sys.argv) > 3 else "cpu"
k = get_local_kernel(repo, backend=device if device == "cpu" else None)
variant = Path(k.__file__).resolve().parent.name
if variant != expected:
    sys.exit(f"kernels chose {variant}, expected {expected}")
torch.manual_seed(0)
for shape in [(1,), (7,), (4, 5), (2, 3, 33), (16, 1024), (1 << 20,)]:
    x = torch.randn(*shape, device=device)
    got = k.relu(x)
    if device == "cuda":
        torch.cuda.synchronize()
    if not torch.equal(got, torch.relu(x)):
        sys.exit(f"torch {torch.__version__}: relu differs from torch.relu for shape {shape} on {device}")
print("ok torch", torch.__version__, variant, device)
