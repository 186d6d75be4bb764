#!/usr/bin/env bash
# kb build of every variant of examples/relu-edition5 (Torch 2.11-2.15 x cpu/CUDA, CUDA 13.0 and
# 13.2 toolkits from PyPI, KB_BENCH_ARCHS default 8.0) in ONE ninja run, vs one `kb build --variant`
# per variant run one after the other (each in a fresh copy, so nothing is shared but the cache).
# Then the disk footprint of each provisioned CUDA toolkit and of its wheels. Needs a warm cache
# (the script builds once first: downloads are not what is measured). KB_BENCH_TORCH (e.g. 2.14,2.15)
# limits the Torch releases on a slow machine. Prints a table with ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=$PWD/out/cli/kb
arch=${KB_BENCH_ARCHS:-8.0}
cache=${KB_CACHE:-$HOME/.cache/kb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
flags=(--cuda-archs "$arch" --unique-id bench --no-system-cuda)
[ -n "${KB_BENCH_TORCH:-}" ] && flags+=(--torch "$KB_BENCH_TORCH")

cp -r examples/relu-edition5 "$work/one"
rm -rf "$work/one/build" "$work/one/.kb-build"
pattern=$(echo "${KB_BENCH_TORCH:-}" | tr -d . | tr , '|')
mapfile -t variants < <("$kb" variants "$work/one" --no-system-cuda 2>/dev/null | grep -E "^torch(${pattern:-.*})-")
"$kb" build "$work/one" "${flags[@]}" >/dev/null 2>"$work/warm.log" || { cat "$work/warm.log"; exit 1; }  # warm the cache
rm -rf "$work/one/build" "$work/one/.kb-build"
t0=$(now)
"$kb" build "$work/one" "${flags[@]}" >/dev/null 2>"$work/one.log" || { cat "$work/one.log"; exit 1; }
t1=$(now)
for v in "${variants[@]}"; do
  cp -r examples/relu-edition5 "$work/$v"
  rm -rf "$work/$v/build" "$work/$v/.kb-build"
  "$kb" build "$work/$v" --variant "$v" "${flags[@]}" >/dev/null 2>"$work/$v.log" || { cat "$work/$v.log"; exit 1; }
done
t2=$(now)

one=$(echo "$t1 - $t0" | bc)
each=$(echo "$t2 - $t1" | bc)
printf "%-58s %10s %10s %8s\n" "relu-edition5, ${#variants[@]} variants, sm_${arch/./}, $(nproc) cores" "one run" "per variant" "ratio"
printf "%-58s %9.1fs %9.1fs %8.2f\n" "kb build: one ninja run vs one kb build --variant each" "$one" "$each" "$(echo "$one / $each" | bc -l)"
printf "\n%-58s %10s %10s\n" "CUDA toolkit from PyPI" "on disk" "wheels"
for home in "$cache"/cuda/*/; do
  [ -x "$home/bin/nvcc" ] || continue
  disk=$(du -sb "$home" | cut -f1)
  wheels=0
  for d in "$home"/dist-info/*.dist-info; do
    n=$(basename "$d" .dist-info)
    machine=x86_64; [[ $(basename "$home") == *-aarch64 ]] && machine=aarch64
    w=$(ls "$cache"/wheels/"$n"-*"$machine"*.whl 2>/dev/null | head -1)
    [ -n "$w" ] && wheels=$((wheels + $(stat -c %s "$w")))
  done
  printf "%-58s %8.1fMB %8.1fMB\n" "$(basename "$home")" "$(echo "$disk / 1000000" | bc -l)" "$(echo "$wheels / 1000000" | bc -l)"
done
