# SPDX-License-Identifier: Apache-2.0
"""Loads a kb-built stable-ABI or tvm-ffi relu kernel with the real `kernels` library in whatever
Torch is importable (PYTHONPATH chooses the release) and compares it with torch.relu. A tvm-ffi
kernel gets Torch tensors through DLPack, so tvm_ffi must be importable too.

Usage: kernels_framework_relu.py stable-abi|tvm-ffi REPO_DIR EXPECTED_VARIANT [cpu|cuda]
Prints "ok torch <version> <variant> <device>" (stable-abi) or "ok tvm-ffi <version> <variant>
<device>" (tvm-ffi); exits non-zero on any difference.
"""
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402

framework, repo, expected = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
device = sys.argv[4] if len(sys.argv) > 4 else "cpu"
if framework == "tvm-ffi":
    import tvm_ffi  # noqa: E402

    label = f"tvm-ffi {tvm_ffi.__version__}"
else:
    label = f"torch {torch.__version__}"
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
        sys.exit(f"{label}: relu differs from torch.relu for shape {shape} on {device}")
print("ok", label, variant, device)
