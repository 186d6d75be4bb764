#!/usr/bin/env bash
# make demo: the main job end to end. Until kb build lands this inspects a real CUDA library
# and the ELF rule fixtures (tests/fixtures/elf_fixtures.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
kb=out/cli/kb
lib=/usr/local/cuda/lib64/libcudart.so.13
echo "== kb inspect $lib"
$kb inspect "$lib" || echo "(exit $?)"

cmake --build out --target kb_elf_fixtures >/dev/null
fx=out/tests/fixtures/elf
echo "== kb inspect: one conformant fixture, then one lld-linked, one DT_RELR, one gnu-unique and one abi3 violation"
$kb inspect $fx/glibc-2.28.so $fx/glibc-2.29-lld.so $fx/dt-relr.so $fx/gnu-unique.so $fx/_py310.abi3.so || echo "(exit $?)"
