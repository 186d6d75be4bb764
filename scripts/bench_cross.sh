#!/usr/bin/env bash
# Cross build vs native build of the same variant (docs/cross.md): examples/relu-edition5 against
# Torch 2.11, built as torch211-cxx11-<backend>-x86_64-linux (g++) and as
# torch211-cxx11-<backend>-aarch64-linux (aarch64-linux-gnu-g++; for cuda the same host nvcc with
# -ccbin aarch64-linux-gnu-g++), alternately, same run. Toolchains (unpacked Torch, CUDA toolkits,
# compat layers) are warmed first and no compiler cache is used, so each timed build is the compile,
# link and gate of one variant from a clean .kb-build. Prints wall and CPU (user+sys of kb and its
# children) per kind and the ratio; the target is <= 1.5.
#
#   scripts/bench_cross.sh [cpu|cuda]     KB_BENCH_RUNS=3 by default; cuda builds sm_90 only
set -euo pipefail
cd "$(dirname "$0")/.."
kb=$PWD/out/cli/kb
backend=${1:-cpu}
runs=${KB_BENCH_RUNS:-3}
[[ $backend == cpu ]] && bver=cpu || bver=cu130
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/relu-edition5 "$work/p"
rm -rf "$work/p/build" "$work/p/.kb-build"
# One build; appends "wall cpu" seconds to $work/times.<kind>.
build() {
  /usr/bin/time -f "%e %U %S" -o "$work/t" "$kb" build "$work/p" --variant "$1" --unique-id bench --launcher none \
    --cuda-archs 9.0 -j "$(nproc)" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/t" >>"$work/times.$2"
}
native=torch211-cxx11-$bver-x86_64-linux
cross=torch211-cxx11-$bver-aarch64-linux
build "$native" warm; build "$cross" warm   # Torch wheels unpacked, toolkits and compat layers ready
for _ in $(seq "$runs"); do
  for kind in native cross; do
    rm -rf "$work/p/build" "$work/p/.kb-build"
    v=$native; [[ $kind == cross ]] && v=$cross
    build "$v" "$kind"
  done
done
mean() { awk '{ w += $1; c += $2 } END { printf "%.1f %.1f", w / NR, c / NR }' "$work/times.$1"; }
read -r nw nc <<<"$(mean native)"
read -r cw cc <<<"$(mean cross)"
printf "%-58s %10s %10s %7s %7s\n" "relu-edition5 $bver, torch 2.11, mean of $runs (seconds)" cross native ratio target
printf "%-58s %10s %10s %7.2f %7s\n" "kb build wall: aarch64 (cross) vs x86_64 (native)" "$cw" "$nw" "$(echo "$cw / $nw" | bc -l)" "<= 1.5"
printf "%-58s %10s %10s %7.2f %7s\n" "kb build cpu (user+sys)" "$cc" "$nc" "$(echo "$cc / $nc" | bc -l)" "<= 1.5"
