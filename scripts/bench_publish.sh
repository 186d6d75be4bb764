#!/usr/bin/env bash
# kb publish vs huggingface_hub.upload_folder (Xet off), same generated 1 GiB tree, same local Hub
# server code, same run. The server stores objects by content, so each client gets a fresh server
# (fresh storage); runs alternate order. Target: ratio kb/hf <= 1.0; re-publish unchanged <= 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=${KB:-out/cli/kb}
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
size_mib=${BENCH_PUBLISH_MIB:-1024}
runs=${BENCH_PUBLISH_RUNS:-2}
work=$(mktemp -d /tmp/kb-bench-publish.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The tree: 2 variants, 8 binary files of size/16 MiB each, plus small Python files and metadata.
files=16; per=$((size_mib / files))
for v in torch210-cxx11-cu130-x86_64-linux torch211-cxx11-cu130-x86_64-linux; do
  d=$work/tree/build/$v; mkdir -p "$d"
  echo '{"name": "bench", "version": 1}' > "$d/metadata.json"
  printf 'from ._ops import ops\n' > "$d/__init__.py"; printf 'import torch\n' > "$d/_ops.py"
  for i in $(seq 1 $((files / 2))); do head -c $((per << 20)) /dev/urandom > "$d/_bench_$i.so"; done
done
echo "# bench" > "$work/tree/build/CARD.md"
cat "$work"/tree/build/*/* > /dev/null  # same warm page cache for both clients

start_hub() {  # sets ep and hub_pid
  local root=$work/hub-$1
  mkdir -p "$root"
  python3 tests/hub/hub_server.py --root "$root/storage" --port-file "$root/port" --token hf_bench:write \
    > "$root/out" 2>&1 &
  hub_pid=$!
  pids+=("$hub_pid")
  for _ in $(seq 100); do [[ -f $root/port ]] && break; sleep 0.05; done
  ep="http://127.0.0.1:$(cat "$root/port")"
}
now() { date +%s.%N; }
export HF_TOKEN=hf_bench HF_HUB_DISABLE_XET=1 HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1 HF_HOME=$work/hf

kb_times=(); hf_times=(); re_times=()
for r in $(seq 1 "$runs"); do
  for tool in kb hf; do
    [[ $((r % 2)) -eq 0 ]] && tool=$([[ $tool == kb ]] && echo hf || echo kb)
    start_hub "$tool$r"
    if [[ $tool == kb ]]; then
      t0=$(now)
      HF_ENDPOINT=$ep "$kb" publish "$work/tree" --repo-id org/bench --repo-type model --branch v1 --allow-nonconformant -q
      kb_times+=("$(echo "$(now) - $t0" | bc)")
      t0=$(now)
      HF_ENDPOINT=$ep "$kb" publish "$work/tree" --repo-id org/bench --repo-type model --branch v1 --allow-nonconformant -q
      re_times+=("$(echo "$(now) - $t0" | bc)")
    else
      hf_times+=("$(HF_ENDPOINT=$ep "$py" tests/hub/hf_upload_timed.py "$work/tree/build" org/bench)")
    fi
    kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; rm -rf "$work/hub-$tool$r"
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
kb_s=$(median "${kb_times[@]}"); hf_s=$(median "${hf_times[@]}"); re_s=$(median "${re_times[@]}")
ratio=$(echo "scale=3; $kb_s / $hf_s" | bc)
printf '\n%-44s %10s %10s %8s\n' "publish ${size_mib} MiB to the local Hub ($runs runs, median)" "seconds" "MiB/s" "ratio"
printf '%-44s %10.2f %10.1f %8s\n' "huggingface_hub upload_folder (Xet off)" "$hf_s" "$(echo "$size_mib / $hf_s" | bc -l)" "1.00"
printf '%-44s %10.2f %10.1f %8.2f\n' "kb publish" "$kb_s" "$(echo "$size_mib / $kb_s" | bc -l)" "$ratio"
printf '%-44s %10.2f %10s %8s\n' "kb publish, unchanged tree (target <= 1 s)" "$re_s" "-" "-"
ok=1
(( $(echo "$ratio <= 1.0" | bc) )) || { echo "bench_publish: ratio $ratio > 1.0" >&2; ok=0; }
(( $(echo "$re_s <= 1.0" | bc) )) || { echo "bench_publish: unchanged re-publish $re_s s > 1 s" >&2; ok=0; }
[[ $ok == 1 ]]
