#!/usr/bin/env bash
# Sharded builds and the shared compiler cache (docs/sharding.md, docs/compiler-cache.md) on
# examples/pointwise20 (20 .cu files, one Torch binding), Torch BENCH_TORCH (default 2.11,2.12),
# cuda + cpu, one CUDA arch (BENCH_ARCHS, default 8.0). Runners are simulated one after another
# (the wall time of N real runners is the slowest shard's), each a fresh git clone with its own
# empty local ccache, all sharing one redis-server on 127.0.0.1:
#   1. one runner, cold cache           3. one runner from a fresh clone, warm shared cache
#   2. N runners, cold cache, + merge   4. N runners from fresh clones, warm shared cache, + merge
# Every bundle must have the same bytes. Prints a table with ratios; targets (issue text): warm
# rebuild >= 90 % hits and >= 5x faster than cold.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=${KB:-$PWD/out/cli/kb}
n=${BENCH_SHARDS:-4}
torch=${BENCH_TORCH:-2.11,2.12}
archs=${BENCH_ARCHS:-8.0}
jobs=${BENCH_JOBS:-2}
for tool in redis-server redis-cli ccache git; do
  command -v $tool >/dev/null || { echo "bench_scale: $tool missing (scripts/deps.sh installs it)" >&2; exit 4; }
done
tmp=$(mktemp -d /tmp/kb-bench-scale.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no --dir "$tmp" \
  --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" >/dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done

cp -r examples/pointwise20 "$tmp/origin"
rm -rf "$tmp/origin/build" "$tmp/origin/.kb-build"
(cd "$tmp/origin" && git init -q && git add -A &&
  GIT_AUTHOR_DATE=2026-01-02T03:04:05Z GIT_COMMITTER_DATE=2026-01-02T03:04:05Z \
  git -c user.name=kb -c user.email=kb@localhost commit -q -m pointwise20)
: >"$tmp/ccache.conf"
now() { date +%s.%N; }

# runner NAME SHARD: a fresh clone built with an empty local ccache; prints the wall seconds.
runner() {
  local name=$1 shard=$2 t0 t1 args=()
  git clone -q "$tmp/origin" "$tmp/$name"
  [[ $shard == all ]] || args=(--shard "$shard")
  t0=$(now)
  CCACHE_CONFIGPATH=$tmp/ccache.conf CCACHE_DIR=$tmp/$name-ccache CCACHE_REMOTE_STORAGE=redis://127.0.0.1:$port \
    "$kb" build "$tmp/$name" --torch "$torch" --cuda-archs "$archs" --launcher ccache -j "$jobs" "${args[@]}" \
    >"$tmp/$name.log" 2>&1 || { cat "$tmp/$name.log" >&2; exit 1; }
  t1=$(now)
  echo "$t1 - $t0" | bc
}
# stat NAME KEY: one counter of that runner's ccache.
stat() { CCACHE_CONFIGPATH=$tmp/ccache.conf CCACHE_DIR=$tmp/$1-ccache ccache --print-stats | awk -v k="$2" '$1 == k {print $2}'; }
hits() { echo $(( $(stat "$1" direct_cache_hit) + $(stat "$1" preprocessed_cache_hit) )); }
misses() { stat "$1" cache_miss; }
# merge OUT NAME...: kb package of the runners' build/ trees, as CI artifacts; prints the seconds.
merge() {
  local out=$1 t0 t1 dirs=() i=0
  shift
  for name in "$@"; do
    i=$((i + 1))
    mkdir -p "$tmp/$out-artifacts/build-shard-$i"
    [[ -d $tmp/$name/build ]] && cp -r "$tmp/$name/build/." "$tmp/$out-artifacts/build-shard-$i/"
    dirs+=("$tmp/$out-artifacts/build-shard-$i")
  done
  t0=$(now)
  "$kb" package "${dirs[@]}" --output "$tmp/$out.zip" >"$tmp/$out.package.log" 2>&1 || { cat "$tmp/$out.package.log" >&2; exit 1; }
  t1=$(now)
  echo "$t1 - $t0" | bc
}
# shards PREFIX: N runners; prints "slowest sum hits misses".
shards() {
  local slowest=0 sum=0 h=0 m=0 t
  for i in $(seq "$n"); do
    t=$(runner "$1$i" "$i/$n")
    echo "  $1$i ($i/$n): ${t}s, $(grep -o 'builds:.*' "$tmp/$1$i.log")" >&2
    sum=$(echo "$sum + $t" | bc)
    slowest=$(echo "if ($t > $slowest) $t else $slowest" | bc)
    h=$((h + $(hits "$1$i")))
    m=$((m + $(misses "$1$i")))
  done
  echo "$slowest $sum $h $m"
}
names() { for i in $(seq "$n"); do echo "$1$i"; done; }

echo "pointwise20: torch $torch, archs $archs, $n shards, -j $jobs, $(nproc) cores" >&2
cold1=$(runner cold-one all); cold1_merge=$(merge cold-one cold-one)
cold1_h=$(hits cold-one); cold1_m=$(misses cold-one)
redis-cli -p "$port" flushall >/dev/null
read -r cold_slow cold_sum cold_h cold_m <<<"$(shards cold)"
[[ -n ${cold_m:-} ]] || exit 1
cold_merge=$(merge cold-shards $(names cold))
warm1=$(runner warm-one all); warm1_merge=$(merge warm-one warm-one)
warm1_h=$(hits warm-one); warm1_m=$(misses warm-one)
read -r warm_slow warm_sum warm_h warm_m <<<"$(shards warm)"
[[ -n ${warm_m:-} ]] || exit 1
warm_merge=$(merge warm-shards $(names warm))

for z in cold-shards warm-one warm-shards; do
  cmp -s "$tmp/cold-one.zip" "$tmp/$z.zip" || { echo "bench_scale: $z.zip differs from cold-one.zip" >&2; exit 1; }
done
pct() { [[ $(($1 + $2)) -gt 0 ]] && echo "scale=1; 100 * $1 / ($1 + $2)" | bc || echo "-"; }
ratio() { echo "scale=2; $1 / $2" | bc; }
one=$(echo "$cold1 + $cold1_merge" | bc)
printf '\n%-42s %10s %10s %8s %8s\n' "case" "wall s" "vs cold 1" "hits %" "misses"
printf '%-42s %10.1f %10s %8s %8s\n' "1 runner, cold (build + package)" "$one" "1.00x" "$(pct "$cold1_h" "$cold1_m")" "$cold1_m"
row() { printf '%-42s %10.1f %10s %8s %8s\n' "$1" "$2" "$(ratio "$one" "$2")x" "$(pct "$3" "$4")" "$4"; }
row "$n runners, cold (slowest shard + merge)" "$(echo "$cold_slow + $cold_merge" | bc)" "$cold_h" "$cold_m"
row "1 runner, fresh clone, warm shared cache" "$(echo "$warm1 + $warm1_merge" | bc)" "$warm1_h" "$warm1_m"
row "$n runners, fresh clones, warm cache" "$(echo "$warm_slow + $warm_merge" | bc)" "$warm_h" "$warm_m"
printf '%-42s %10.1f\n' "$n runners, cold: sum of shard times" "$cold_sum"
echo "all four bundles byte-identical: $(sha256sum "$tmp/cold-one.zip" | cut -c1-16)"
