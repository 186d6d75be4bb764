#!/usr/bin/env bash
# kb build vs torch.utils.cpp_extension (ninja) on examples/relu: one variant (Torch 2.11,
# CUDA 13.0, KB_BENCH_ARCHS, default 8.0), same sources, same -gencode and optimisation flags,
# cold caches for both, same machine and run. Then a no-op rebuild and `kb variants`.
# Prints a table with ratios; targets: cold ratio <= 1.0, no-op <= 0.3 s, variants <= 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=$PWD/out/cli/kb
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
arch=${KB_BENCH_ARCHS:-8.0}
sm=${arch/./}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/relu "$work/kb"
cp -r examples/relu "$work/ext"
now() { date +%s.%N; }

t0=$(now)
"$kb" build "$work/kb" --torch 2.11 --cuda-archs "$arch" --unique-id bench >/dev/null 2>"$work/kb.log" ||
  { cat "$work/kb.log"; exit 1; }
t1=$(now)
"$kb" build "$work/kb" --torch 2.11 --cuda-archs "$arch" --unique-id bench >/dev/null 2>&1
t2=$(now)
for _ in 1 2 3 4 5; do "$kb" variants examples/relu >/dev/null 2>&1; done
t3=$(now)

cp "$work/kb/.kb-build/torch211-cxx11-cu130-x86_64-linux/gen/registration.h" "$work/ext/torch-ext/"
t4=$(now)
CUDA_HOME=/usr/local/cuda MAX_JOBS=$(nproc) "$py" - "$work/ext" "$sm" <<'PY' >"$work/ext.log" 2>&1 || { cat "$work/ext.log"; exit 1; }
import sys, os
from torch.utils.cpp_extension import load
root, sm = sys.argv[1], sys.argv[2]
os.makedirs(f"{root}/out", exist_ok=True)
# No -DPy_LIMITED_API here: cpp_extension defines TORCH_API_INCLUDE_EXTENSION_H, which pulls in
# pybind11, and pybind11 does not compile against the limited API. kb compiles with it.
flags = ["-O3", "-DNDEBUG", "-fno-gnu-unique"]
load(name="_relu_cuda_bench", sources=[f"{root}/torch-ext/torch_binding.cpp", f"{root}/relu_kernel/relu.cu"],
     extra_cflags=flags, extra_include_paths=[f"{root}/torch-ext"],
     extra_cuda_cflags=["-O3", "-DNDEBUG", "-Xcompiler=-fno-gnu-unique", "--expt-relaxed-constexpr",
                        f"-gencode=arch=compute_{sm},code=sm_{sm}"],
     build_directory=f"{root}/out", is_python_module=False, verbose=False)
PY
t5=$(now)

awk -v kb="$(echo "$t1 - $t0" | bc)" -v ext="$(echo "$t5 - $t4" | bc)" -v noop="$(echo "$t2 - $t1" | bc)" \
    -v var="$(echo "($t3 - $t2) / 5" | bc -l)" 'BEGIN {
  printf "%-44s %10s %10s %8s %8s\n", "benchmark (examples/relu, torch211-cu130, sm_'"$sm"')", "kb", "reference", "ratio", "target"
  printf "%-44s %9.1fs %9.1fs %8.2f %8s\n", "cold build vs cpp_extension (ninja)", kb, ext, kb / ext, "<= 1.0"
  printf "%-44s %9.3fs %10s %8s %8s\n", "no-op rebuild", noop, "-", "-", "<= 0.3s"
  printf "%-44s %8.1fms %10s %8s %8s\n", "kb variants", var * 1000, "-", "-", "<= 50ms"
}'
