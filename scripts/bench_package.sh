#!/usr/bin/env bash
# Benchmark: kb package on a generated 1 GiB build tree vs Python's zipfile writing the
# same files with the same compression choice, in the same run. Targets: time ratio <= 1.0 and
# kb peak RSS <= 100 MB (kb streams; nothing is slurped).
# The tree: 8 variants, each a tiny real extension padded to 128 MiB with a non-alloc section
# (objcopy) of half random, half repetitive bytes (deflates to ~55%), plus _ops.py/__init__.py
# and a metadata.json with a sha256 digest (as kb build writes it, so the gate's tree.digest
# rehashes everything: kb does strictly more work than zipfile here).
# Modes: deflate (kb default, zipfile ZIP_DEFLATED level 6 for every entry) and store-so
# (kb --store-so, zipfile ZIP_STORED for .so and ZIP_DEFLATED for the rest).
set -euo pipefail
cd "$(dirname "$0")/.."
kb=${KB:-out/cli/kb}
mb=${BENCH_SO_MB:-128}
nvar=${BENCH_VARIANTS:-8}
work=$(mktemp -d "${TMPDIR:-/tmp}/kb-bench-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work/pad.bin" "$mb" <<'PY'
import os, sys
path, mb = sys.argv[1], int(sys.argv[2])
text = (b"sm_90 kernel relu_fwd ld.global.f32 st.global.f32 " * 700)[:32768]
with open(path, "wb") as f:
    for _ in range(mb * 16):  # 64 KiB blocks
        f.write(os.urandom(32768)); f.write(text)
PY
for i in $(seq 0 $((nvar - 1))); do
  v="torch2$((10 + i / 4))-cxx11-cu1$((26 + 2 * (i % 4)))-x86_64-linux"
  dir="$work/relu/build/$v"; id="_relu_cuda_b$(printf %06d "$i")"
  mkdir -p "$dir"
  printf 'void* PyInit_%s(void) { return 0; }\n' "$id" >"$work/m.c"
  gcc -shared -fPIC -o "$work/m.so" "$work/m.c"
  # a different byte per variant keeps the .so files distinct (no duplicate-content outliers)
  printf '%08d' "$i" | dd of="$work/pad.bin" bs=1 seek=0 conv=notrunc status=none
  objcopy --add-section .kb_pad="$work/pad.bin" --set-section-flags .kb_pad=noload,readonly "$work/m.so" "$dir/$id.abi3.so"
  printf 'from ._ops import ops\n\n__all__ = ["relu"]\n' >"$dir/__init__.py"
  printf 'import torch\nfrom . import %s\nops = torch.ops.%s\n' "$id" "$id" >"$dir/_ops.py"
  python3 - "$dir" "$id" <<'PY'
import base64, hashlib, json, os, sys
d, id_ = sys.argv[1:]
files = {}
for n in sorted(os.listdir(d)):
    h = hashlib.sha256()
    with open(os.path.join(d, n), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""): h.update(chunk)
    files[n] = base64.b64encode(h.digest()).decode()
m = {"name": "relu", "id": id_, "version": 1, "license": "Apache-2.0", "python-depends": [], "kernel-depends": [],
     "backend": {"type": "cuda", "archs": ["9.0"]}, "digest": {"algorithm": "sha256", "files": files}}
json.dump(m, open(os.path.join(d, "metadata.json"), "w"), indent=2)
PY
done
rm -f "$work/pad.bin" "$work/m.so" "$work/m.c"
cat >"$work/zipfile_bench.py" <<'PY'
import os, sys, zipfile
root, out, store_so = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
paths = []
for d, _, names in os.walk(root):
    paths += [os.path.join(d, n) for n in names]
with zipfile.ZipFile(out, "w") as z:
    for p in sorted(paths):
        method = zipfile.ZIP_STORED if store_so and p.endswith(".so") else zipfile.ZIP_DEFLATED
        z.write(p, "build/" + os.path.relpath(p, root), compress_type=method, compresslevel=6)
PY
size=$(du -sb "$work/relu/build" | cut -f1)
cat "$work"/relu/build/*/*.so >/dev/null  # warm the page cache: measure the tools, not the disk

# "wall_s cpu_s peak_rss_kb" of one run
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t"
}

printf 'tree: %d variants, %.2f GiB, on %s (%d cores)\n' "$nvar" "$(echo "$size / 1073741824" | bc -l)" \
  "$(uname -n)" "$(nproc)"
printf '%-9s %-22s %8s %8s %10s %10s\n' mode tool wall_s cpu_s peak_MB size_MB
for mode in deflate store-so; do
  flag=(); store=0
  [[ $mode == store-so ]] && flag=(--store-so) && store=1
  read -r kw kc km < <(measure "$kb" package "$work/relu/build" "${flag[@]}" -o "$work/kb.zip")
  read -r pw pc pm < <(measure python3 "$work/zipfile_bench.py" "$work/relu/build" "$work/py.zip" "$store")
  printf '%-9s %-22s %8s %8s %10d %10d\n' "$mode" "kb package" "$kw" "$kc" $((km / 1024)) $(($(stat -c %s "$work/kb.zip") >> 20))
  printf '%-9s %-22s %8s %8s %10d %10d\n' "$mode" "python zipfile" "$pw" "$pc" $((pm / 1024)) $(($(stat -c %s "$work/py.zip") >> 20))
  printf '%-9s ratio kb/zipfile wall %.2f, cpu %.2f (target <= 1.0); kb peak RSS %d MB (target <= 100)\n' "$mode" \
    "$(echo "$kw / $pw" | bc -l)" "$(echo "$kc / $pc" | bc -l)" $((km / 1024))
  rm -f "$work/kb.zip" "$work/py.zip"
done
