# SPDX-License-Identifier: Apache-2.0
"""Loads the kb-built omp-norm kernel with the real `kernels` library and judges its OpenMP.

Usage: kernels_omp_norm.py REPO_DIR
Checks, in this one Torch process:
  - rms_norm_rows equals a PyTorch reference on several shapes;
  - 1 and 4 threads (torch.set_num_threads) give bit-identical results;
  - the kernel's OpenMP regions follow torch.set_num_threads (3, then 1): only true when the kernel
    runs on Torch's own OpenMP runtime, not a second copy with its own thread settings;
  - exactly one OpenMP runtime is mapped into the process;
  - the SIMD routine matches the CPU (AVX-512F in /proc/cpuinfo <-> width 16).
Prints "ok ..." lines; exits non-zero on the first failure.
"""
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402


def reference(x, eps):
    return x / torch.sqrt(x.double().pow(2).mean(-1, keepdim=True) + eps).float()


k = get_local_kernel(Path(sys.argv[1]), backend="cpu")
torch.manual_seed(0)
for shape in [(1, 1), (3, 7), (4, 16), (5, 33), (64, 1024), (2, 3, 257)]:
    x = torch.randn(*shape)
    got = k.rms_norm_rows(x, 1e-6)
    if not torch.allclose(got, reference(x, 1e-6), rtol=1e-5, atol=1e-6):
        sys.exit(f"rms_norm_rows differs from the reference for shape {shape}")
print("ok reference")

x = torch.randn(512, 300)
torch.set_num_threads(1)
one = k.rms_norm_rows(x)
torch.set_num_threads(4)
four = k.rms_norm_rows(x)
if not torch.equal(one, four):
    sys.exit("1 and 4 threads give different results")
print("ok threads 1 == 4")

for n in (3, 1):
    torch.set_num_threads(n)
    got = k.openmp_threads()
    if got != n:
        sys.exit(f"torch.set_num_threads({n}) but the kernel's OpenMP region ran {got} threads: "
                 "the kernel does not share Torch's OpenMP runtime")
print("ok kernel follows torch.set_num_threads")

maps = Path("/proc/self/maps").read_text().splitlines()
runtimes = sorted({line.split()[-1] for line in maps if "libgomp" in line or "libiomp" in line})
if len(runtimes) != 1:
    sys.exit(f"expected one OpenMP runtime in the process, found {runtimes}")
print("ok one OpenMP runtime:", runtimes[0])

has_avx512 = " avx512f " in Path("/proc/cpuinfo").read_text().replace("\n", " ")
want = 16 if has_avx512 else 1
if k.simd_width() != want:
    sys.exit(f"simd_width {k.simd_width()} but /proc/cpuinfo says avx512f={has_avx512}")
print("ok simd width", want)
