#!/usr/bin/env bash
# Referee check: on every real CUDA library with device code, kb's per-arch entry
# counts (kb inspect --archs --format json) must equal cuobjdump's (`-all -lelf -lptx`, with
# sm_XXf cubins named sm_XX as cuobjdump -lelf prints them). Prints one row per library and
# exits 1 on any mismatch. cuobjdump is slow on the big libraries: run in the background.
#   scripts/check_fatbin_real.sh [LIB...]   (default: /usr/local/cuda/lib64/*.so.*, real files)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kb=${KB:-$here/out/cli/kb}
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
cuobjdump=$("$py" -c "import importlib.metadata as m; print(next(f.locate() for f in m.files('nvidia-cuda-cuobjdump') if f.name == 'cuobjdump'))")
libs=("$@")
if ((${#libs[@]} == 0)); then
  for f in /usr/local/cuda/lib64/*.so.*; do [[ -L $f ]] || libs+=("$f"); done
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
printf '%-40s %8s %8s %8s  %s\n' library kb_sass kb_ptx entries verdict
for lib in "${libs[@]}"; do
  readelf -SW "$lib" 2>/dev/null | grep -qE '\.nv_fatbin|__nv_relfatbin' || continue
  "$kb" inspect --archs --format json "$lib" > "$tmp/kb.json" || true
  "$cuobjdump" -all -lelf -lptx "$lib" > "$tmp/cuobjdump.txt" 2>/dev/null || true
  row=$("$py" - "$tmp/kb.json" "$tmp/cuobjdump.txt" "$(basename "$lib")" <<'PY'
import collections, json, re, sys
kb = json.load(open(sys.argv[1]))["targets"][0].get("cuda", {"entries": []})
ours = collections.Counter()
for e in kb["entries"]:
    if e["kind"] == "sass":
        ours["sass " + re.sub(r"f$", "", e["arch"])] += 1
    elif e["kind"] == "ptx":
        ours["ptx " + e["arch"]] += 1
theirs = collections.Counter()
for kind, arch, ext in re.findall(r"(ELF|PTX) file\s+\d+: \S*?\.sm_(\d+[af]?)\.(cubin|ptx)", open(sys.argv[2]).read()):
    theirs[("sass sm_" if kind == "ELF" else "ptx compute_") + arch] += 1
sass = sum(v for k, v in ours.items() if k.startswith("sass"))
ptx = sum(v for k, v in ours.items() if k.startswith("ptx"))
verdict = "match" if ours == theirs else "MISMATCH " + str((ours - theirs) + (theirs - ours))
print(f"{sys.argv[3]:<40} {sass:>8} {ptx:>8} {len(kb['entries']):>8}  {verdict}")
PY
)
  echo "$row"
  [[ $row == *MISMATCH* ]] && status=1
done
exit $status
