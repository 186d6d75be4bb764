# SPDX-License-Identifier: Apache-2.0
"""The kb-built cute-gemm kernel through the real `kernels` library.

Usage: kernels_cute_gemm.py REPO_DIR [--cuda-variant DIR]
CPU: gemm against torch.matmul on odd shapes, and the pyext JSON shipped beside the code.
--cuda-variant: the CUDA .so imports into CUDA Torch on this (GPU-less) machine and registers
its op; on a machine with a GPU it is also compared with torch.matmul.
"""
import json
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402

repo = Path(sys.argv[1])
k = get_local_kernel(repo, backend="cpu")
if k.CONFIG["cuda_tile"] != {"m": 64, "n": 64, "k": 8, "threads": 256}:
    sys.exit(f"tiles.json not shipped or changed: {k.CONFIG}")
torch.manual_seed(0)
for m, kk, n in [(1, 1, 1), (7, 5, 3), (64, 8, 64), (65, 9, 130), (128, 300, 96)]:
    a, b = torch.randn(m, kk), torch.randn(kk, n)
    if not torch.allclose(k.gemm(a, b), a @ b, rtol=1e-4, atol=1e-4):
        sys.exit(f"CPU gemm differs from torch.matmul for {m}x{kk} @ {kk}x{n}")
try:
    k.gemm(torch.randn(2, 2, dtype=torch.float64), torch.randn(2, 2, dtype=torch.float64))
    sys.exit("float64 was accepted")
except TypeError:
    pass
print("ok cpu")

if "--cuda-variant" in sys.argv:
    variant = Path(sys.argv[sys.argv.index("--cuda-variant") + 1])
    ops_id = json.loads((variant / "metadata.json").read_text())["id"]
    torch.ops.load_library(str(variant / f"{ops_id}.abi3.so"))
    if not torch._C._jit_get_schemas_for_operator(f"{ops_id}::gemm"):
        sys.exit(f"no schema registered for {ops_id}::gemm")
    print("ok cuda import", torch.version.cuda, ops_id)
