#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer target for the fatbin reader (clang, ASan+UBSan) and runs a campaign.
#   scripts/fuzz_fatbin.sh [SECONDS]      default 60; `make fuzz-fatbin FUZZ_SECONDS=480`
# Seeds: the .nv_fatbin / __nv_relfatbin sections of the nvcc fixtures the kb build generates
# (out/tests/fixtures/fatbin, or FATBIN_FIXTURES=dir), extracted here so nothing big is committed;
# tests/fuzz/fatbin_corpus holds the small committed corpus that kb_tests replays.
# Crashes land in out/fuzz/fatbin-artifacts/; the log in out/fuzz/fatbin-campaign.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=out/fuzz
fixtures=${FATBIN_FIXTURES:-out/tests/fixtures/fatbin}
cmake -S tests/fuzz -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out" -j "${JOBS:-2}" --target fatbin_fuzz >/dev/null

seeds="$out/fatbin-seeds"
mkdir -p "$seeds" "$out/fatbin-corpus" "$out/fatbin-artifacts"
for so in "$fixtures"/*.so; do
  [ -e "$so" ] || continue
  for sec in .nv_fatbin __nv_relfatbin; do
    objcopy --dump-section "$sec=$seeds/$(basename "$so" .so)$sec" "$so" /dev/null 2>/dev/null || true
  done
done
echo "fuzz: $(ls "$seeds" | wc -l) fatbin sections from $fixtures as seeds"

# ASan's default 256 MB quarantine plus one payload under the 256 MiB cap would pass 512 MB.
ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=32} "$out/fatbin_fuzz" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -max_len=262144 \
  -artifact_prefix="$out/fatbin-artifacts/" -print_final_stats=1 \
  "$out/fatbin-corpus" "$seeds" tests/fuzz/fatbin_corpus 2>&1 | tee "$out/fatbin-campaign.log" | grep -E "INITED|DONE|ERROR|stat::" || true
if ls "$out/fatbin-artifacts"/crash-* "$out/fatbin-artifacts"/timeout-* "$out/fatbin-artifacts"/oom-* >/dev/null 2>&1; then
  echo "fuzz: findings in $out/fatbin-artifacts" >&2
  exit 1
fi
