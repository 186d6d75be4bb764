#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run on the GPU machine (not part of `make test`: CI has no GPU; see docs/frameworks.md). Loads
# the cu130 stable-ABI and tvm-ffi CUDA variants of the framework examples, built on the CPU
# machine, through the real `kernels` library on CUDA tensors. kernels and apache-tvm-ffi travel
# as wheels in .whl/; the built projects in .gpu/frameworks/. Results go to $OUT/frameworks.log.
#
# Prepare on the CPU machine (docs/notes/issue-14.md has the exact commands):
#   .gpu/frameworks/relu-stable-abi/build/torch-stable-abi211-cu130-x86_64-linux   kb build --cuda-archs 9.0
#   .gpu/frameworks/relu-tvm-ffi/build/tvm-ffi01-cu130-x86_64-linux                kb build --cuda-archs 9.0
#   .whl/kernels-0.17.2-*.whl .whl/apache_tvm_ffi-0.1.15.post2-cp312-*.whl
set -u -o pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
log="$OUT/frameworks.log"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 4
export PYTHONPATH=/tmp/site PYTHONUNBUFFERED=1
root=.gpu/frameworks
status=0
{
  python3 -c 'import torch, tvm_ffi, kernels; print("torch", torch.__version__, "cuda", torch.version.cuda,
    torch.cuda.get_device_name(0), "tvm_ffi", tvm_ffi.__version__, "kernels", kernels.__version__)'
  # Stable ABI: kernels must prefer the stable-ABI variant in Torch 2.11 and run it on the GPU.
  python3 tests/build/kernels_framework_relu.py stable-abi $root/relu-stable-abi torch-stable-abi211-cu130-x86_64-linux cuda || status=1
  # The CPU stable-ABI variant on the same machine, for contrast with the CPU-only CI run.
  python3 tests/build/kernels_framework_relu.py stable-abi $root/relu-stable-abi torch-stable-abi211-cpu-x86_64-linux cpu || status=1
  python3 tests/build/kernels_framework_relu.py tvm-ffi $root/relu-tvm-ffi tvm-ffi01-cu130-x86_64-linux cuda || status=1
  python3 tests/build/kernels_framework_relu.py tvm-ffi $root/relu-tvm-ffi tvm-ffi01-cpu-x86_64-linux cpu || status=1
  echo "status $status"
} 2>&1 | tee "$log"
exit $status
