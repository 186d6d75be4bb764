#!/usr/bin/env bash
# make demo: the main job end to end. Until kb build lands this inspects a real CUDA library.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=out/cli/kb
lib=/usr/local/cuda/lib64/libcudart.so.13
echo "== kb inspect $lib"
$kb inspect "$lib" || echo "(exit $?)"
