#!/usr/bin/env bash
# Benchmark: full device-code listing of libcublasLt.so.13 (139 MB .nv_fatbin,
# thousands of entries). Target: kb inspect --archs <= 0.3 s wall and <= 100 MB peak RSS.
# Printed beside cuobjdump -all -lelf -lptx (the PyPI referee) on the same file, with ratios.
#   scripts/bench_fatbin.sh [LIB] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kb=${KB:-$here/out/cli/kb}
lib=${1:-/usr/local/cuda/lib64/libcublasLt.so.13}
runs=${2:-5}
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
cuobjdump=$("$py" -c "import importlib.metadata as m; print(next(f.locate() for f in m.files('nvidia-cuda-cuobjdump') if f.name == 'cuobjdump'))")

# Best-of-N wall seconds and max RSS (MB) of a command, via GNU time.
measure() {
  local best= rss=0 n=$1; shift
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %M' -o /tmp/kb-bench-fatbin.$$ "$@" > /dev/null 2>&1 || true
    read -r wall kib < /tmp/kb-bench-fatbin.$$
    if [[ -z $best ]] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    ((kib > rss)) && rss=$kib
  done
  rm -f /tmp/kb-bench-fatbin.$$
  echo "$best $((rss / 1024))"
}

entries=$("$kb" inspect --archs --format json "$lib" | "$py" -c 'import json,sys; print(len(json.load(sys.stdin)["targets"][0]["cuda"]["entries"]))')
read -r kb_wall kb_rss < <(measure "$runs" "$kb" inspect --archs "$lib")
read -r cu_wall cu_rss < <(measure 1 "$cuobjdump" -all -lelf -lptx "$lib")
echo "device-code listing of $(basename "$lib") ($entries entries), best of $runs (cuobjdump: 1 run)"
printf '%-28s %10s %10s\n' tool wall_s peak_MB
printf '%-28s %10s %10s\n' "kb inspect --archs" "$kb_wall" "$kb_rss"
printf '%-28s %10s %10s\n' "cuobjdump -all -lelf -lptx" "$cu_wall" "$cu_rss"
awk -v a="$kb_wall" -v b="$cu_wall" -v c="$kb_rss" -v d="$cu_rss" \
  'BEGIN{printf "ratio cuobjdump/kb: time %.1fx, memory %.1fx\n", (a>0?b/a:0), (c>0?d/c:0)}'
awk -v a="$kb_wall" -v c="$kb_rss" 'BEGIN{ok=(a<=0.3 && c<=100); printf "target (<= 0.3 s, <= 100 MB): %s\n", ok?"met":"MISSED"; exit !ok}'
