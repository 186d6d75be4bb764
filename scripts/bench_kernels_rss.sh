#!/usr/bin/env bash
# Benchmark for cuda.kernels memory: every cubin of a big extension is inflated to read its
# kernel names. Target: kb inspect (all rules) peak RSS <= 128 MB on an 852 MB .so, with no loss of
# speed against the same run with cuda.kernels off and against a baseline kb (KB_BASELINE, e.g.
# a build of the commit before the page release). Prints a table with ratios.
#   scripts/bench_kernels_rss.sh [SO] [RUNS]
# Default SO: the largest .so under ~/.cache/kb/audit/unpacked (scripts/audit_referee.py fills it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kb=${KB:-$here/out/cli/kb}
base=${KB_BASELINE:-}
so=${1:-$(find "$HOME/.cache/kb/audit/unpacked" -name '*.so' -type f -printf '%s %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)}
runs=${2:-3}
[[ -f $so ]] || { echo "no .so given and none under ~/.cache/kb/audit/unpacked (run scripts/audit_referee.py --download-only)" >&2; exit 2; }

# Best-of-N wall seconds, best CPU seconds (user+sys: on a loaded machine wall time is mostly
# waiting for a core) and max RSS (MB) of a command, via GNU time.
measure() {
  local best= cpu= rss=0 n=$1; shift
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %U %S %M' -o /tmp/kb-bench-rss.$$ "$@" > /dev/null 2>&1 || true
    read -r wall user sys kib < <(tail -1 /tmp/kb-bench-rss.$$)
    c=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}')
    if [[ -z $best ]] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [[ -z $cpu ]] || awk "BEGIN{exit !($c < $cpu)}"; then cpu=$c; fi
    ((kib > rss)) && rss=$kib
  done
  rm -f /tmp/kb-bench-rss.$$
  echo "$best $cpu $((rss / 1024))"
}

cat "$so" > /dev/null  # page cache warm for every row
echo "kb inspect on $(basename "$so") ($(($(stat -c %s "$so") / 1048576)) MB), best of $runs, --jobs 1"
printf '%-32s %8s %8s %8s\n' run wall_s cpu_s peak_MB
read -r all_wall all_cpu all_rss < <(measure "$runs" "$kb" inspect --jobs 1 "$so")
printf '%-32s %8s %8s %8s\n' "kb all rules" "$all_wall" "$all_cpu" "$all_rss"
read -r elf_wall elf_cpu elf_rss < <(measure "$runs" "$kb" inspect --jobs 1 --ignore cuda.kernels "$so")
printf '%-32s %8s %8s %8s\n' "kb --ignore cuda.kernels" "$elf_wall" "$elf_cpu" "$elf_rss"
if [[ -n $base ]]; then
  read -r b_wall b_cpu b_rss < <(measure "$runs" "$base" inspect --jobs 1 "$so")
  printf '%-32s %8s %8s %8s\n' "baseline kb all rules" "$b_wall" "$b_cpu" "$b_rss"
  awk -v a="$all_wall" -v b="$b_wall" -v e="$all_cpu" -v f="$b_cpu" -v c="$all_rss" -v d="$b_rss" \
    'BEGIN{printf "ratio baseline/kb: wall %.2fx, cpu %.2fx, memory %.1fx\n", (a>0?b/a:0), (e>0?f/e:0), (c>0?d/c:0)}'
fi
awk -v c="$all_rss" 'BEGIN{ok=(c<=128); printf "target (all rules <= 128 MB peak RSS): %s\n", ok?"met":"MISSED"; exit !ok}'
