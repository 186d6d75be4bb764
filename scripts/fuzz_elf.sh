#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer target for the ELF reader (clang, ASan+UBSan) and runs a campaign.
#   scripts/fuzz_elf.sh [SECONDS]      default 60; `make fuzz FUZZ_SECONDS=1500`
# Seeds: small real libraries copied at run time plus fixtures compiled here (nothing big is
# committed); tests/fuzz/corpus holds the small committed corpus that `make test` replays.
# Crashes land in out/fuzz/artifacts/; the log in out/fuzz/campaign.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=out/fuzz
cmake -S tests/fuzz -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out" -j "${JOBS:-2}" >/dev/null

seeds="$out/seeds"
mkdir -p "$seeds" "$out/corpus" "$out/artifacts" tests/fuzz/corpus
for lib in /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 \
           /usr/lib/x86_64-linux-gnu/libBrokenLocale.so.1 /usr/lib/x86_64-linux-gnu/libutil.so.1 \
           /usr/local/cuda/lib64/libcudart.so.13 /usr/local/cuda/lib64/libnvtx3interop.so.1; do
  [ -e "$lib" ] && cp -L "$lib" "$seeds/$(basename "$lib")"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/v.c" <<'C'
#include <string.h>
void copy(char* d, const char* s, size_t n) { memcpy(d, s, n); }
int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1,foo@V_1");
__asm__(".symver foo_v2,foo@@V_2");
void* self[2] = {self, self + 1};
C
printf 'V_1 { global: foo; local: *; };\nV_2 { global: foo; copy; } V_1;\n' > "$tmp/v.map"
cc -shared -fPIC -O1 -o "$seeds/gnuld.so" "$tmp/v.c" -Wl,--version-script="$tmp/v.map" -Wl,-rpath,'$ORIGIN' -lm
cc -shared -fPIC -O1 -fuse-ld=lld -o "$seeds/lld.so" "$tmp/v.c" -Wl,--version-script="$tmp/v.map" -Wl,-z,execstack
cc -shared -fPIC -O1 -o "$seeds/relr.so" "$tmp/v.c" -Wl,--version-script="$tmp/v.map" -Wl,-z,pack-relative-relocs -Wl,--hash-style=both
cp "$seeds/gnuld.so" "$seeds/stripped.so" && strip --strip-all "$seeds/stripped.so"

"$out/elf_fuzz" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -max_len=1048576 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 \
  "$out/corpus" "$seeds" tests/fuzz/corpus 2>&1 | tee "$out/campaign.log" | grep -E "INITED|DONE|ERROR|stat::" || true
if ls "$out/artifacts"/crash-* "$out/artifacts"/timeout-* "$out/artifacts"/oom-* >/dev/null 2>&1; then
  echo "fuzz: findings in $out/artifacts" >&2
  exit 1
fi
