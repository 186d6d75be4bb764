# SPDX-License-Identifier: Apache-2.0
"""What kb build's manylinux compat layer does, per variant: leaked symbol versions and .so size
with the layer (the default) and without it (--policy none), judged by kernel-abi-check.

usage: compat_report.py [--kb out/cli/kb] [--cuda-archs 8.0] [--policy manylinux_2_28] EXAMPLE_DIR...
Run with the referee venv's python (~/.cache/kb/venv/bin/python, made by `make deps`). Builds each
example twice in a temp dir (every variant buildable here) and prints a Markdown table, then every
distinct leak list once. Used for docs/notes/issue-5.md; not a test (it asserts nothing).
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kernel_abi_check


def build(kb, src, dest, extra):
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("build", ".kb-build"))
    t0 = time.monotonic()
    r = subprocess.run([kb, "build", str(dest), "--unique-id", "report", *extra], capture_output=True, text=True)
    took = time.monotonic() - t0
    variants = {}
    for v in sorted((dest / "build").iterdir()) if (dest / "build").is_dir() else []:
        sos = sorted(v.glob("*.so"))
        if sos:
            variants[v.name] = sos[0]
    if not variants:
        sys.exit(f"{src}: kb build {' '.join(extra)} built nothing (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    return variants, took


def leaks(so, policy):
    return sorted(f"{s.name}@{s.dep}_{s.version}" for s in kernel_abi_check.ObjectFile(str(so)).check_manylinux(policy))


def demangle(names):
    syms = [n.split("@")[0] for n in names]
    out = subprocess.run(["c++filt"], input="\n".join(syms), capture_output=True, text=True).stdout.splitlines()
    return [f"{d}@{n.split('@', 1)[1]}" for d, n in zip(out, names)] if len(out) == len(names) else names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kb", default="out/cli/kb")
    ap.add_argument("--cuda-archs", default="")
    ap.add_argument("--policy", default="manylinux_2_28")
    ap.add_argument("examples", nargs="+")
    a = ap.parse_args()
    kb = str(Path(a.kb).resolve())
    archs = ["--cuda-archs", a.cuda_archs] if a.cuda_archs else []
    rows, lists = [], {}
    with tempfile.TemporaryDirectory(prefix="kb-compat-report-") as tmp:
        for ex in a.examples:
            name = Path(ex).name
            with_layer, t_layer = build(kb, ex, Path(tmp) / f"{name}-layer", archs + ["--policy", a.policy])
            naive, t_none = build(kb, ex, Path(tmp) / f"{name}-none", archs + ["--policy", "none", "--no-inspect"])
            print(f"{name}: built {len(with_layer)} variant(s) with the layer in {t_layer:.0f} s, "
                  f"without in {t_none:.0f} s", file=sys.stderr)
            for variant, so in with_layer.items():
                before, after = leaks(naive[variant], a.policy), leaks(so, a.policy)
                key = "\n".join(before)
                lists.setdefault(key, (f"L{len(lists) + 1}", before))
                size_b, size_a = naive[variant].stat().st_size, so.stat().st_size
                rows.append((name, variant, len(before), lists[key][0], len(after), size_b, size_a, size_a - size_b))
    print(f"| example | variant | leaks, --policy none | list | leaks, {a.policy} | .so bytes, none | "
          f".so bytes, layer | size cost |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3] if r[2] else '-'} | {r[4]} | {r[5]:,} | {r[6]:,} | {r[7]:+,} |")
    for key, (label, names) in lists.items():
        if names:
            print(f"\n{label} ({len(names)}): " + ", ".join(f"`{n}`" for n in demangle(names)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
