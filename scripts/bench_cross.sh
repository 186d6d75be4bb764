#!/usr/bin/env bash
# Cross build vs native build of the same variant (docs/cross.md): examples/relu-edition5's CPU
# kernel against Torch 2.11, built as torch211-cxx11-cpu-x86_64-linux (g++) and as
# torch211-cxx11-cpu-aarch64-linux (aarch64-linux-gnu-g++), alternately, same run. Toolchains
# (unpacked Torch, compat layers) are warmed first, so each timed build is the compile, link and
# gate of one variant from a clean .kb-build. Prints a table with the ratio; target <= 1.5.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=$PWD/out/cli/kb
runs=${KB_BENCH_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/relu-edition5 "$work/p"
rm -rf "$work/p/build" "$work/p/.kb-build"
now() { date +%s.%N; }
build() { "$kb" build "$work/p" --variant "$1" --unique-id bench -j "$(nproc)" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; }
native=torch211-cxx11-cpu-x86_64-linux
cross=torch211-cxx11-cpu-aarch64-linux
build "$native"; build "$cross"   # warm: Torch wheels unpacked, both compat layers generated
declare -A total=([native]=0 [cross]=0)
for _ in $(seq "$runs"); do
  for kind in native cross; do
    rm -rf "$work/p/build" "$work/p/.kb-build"
    v=$native; [[ $kind == cross ]] && v=$cross
    t0=$(now); build "$v"; t1=$(now)
    total[$kind]=$(echo "${total[$kind]} + $t1 - $t0" | bc)
  done
done
awk -v n="${total[native]}" -v c="${total[cross]}" -v runs="$runs" 'BEGIN {
  printf "%-52s %10s %10s %8s %8s\n", "benchmark (relu-edition5 cpu, torch 2.11, mean of " runs ")", "cross", "native", "ratio", "target"
  printf "%-52s %9.2fs %9.2fs %8.2f %8s\n", "kb build: aarch64 (cross g++) vs x86_64 (g++)", c / runs, n / runs, c / n, "<= 1.5"
}'
