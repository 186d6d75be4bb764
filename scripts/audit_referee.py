#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Referee table for kb inspect on published wheels full of CUDA extensions.

Downloads a pinned list of wheels with `pip download --no-deps` (cached under ~/.cache/kb/audit),
unpacks them, and runs on every ELF file: kb inspect (all rules), `auditwheel show --json` (on a
throwaway wheel holding the one file), kernel-abi-check (manylinux_2_28, Python 3.9) and
`cuobjdump -lelf -lptx`, each timed with its peak RSS (GNU time). Writes docs/audit-table.md: one
row per .so with kb's verdict per rule family, the referees', and why they differ. Standalone
cubins get one summary row per wheel. Not part of `make test` (it downloads GBs): run by hand.

usage: scripts/audit_referee.py [--kb out/cli/kb] [--out docs/audit-table.md] [--download-only]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("KB_AUDIT_CACHE", Path.home() / ".cache/kb/audit"))
VENV = Path(os.environ.get("KB_VENV", Path.home() / ".cache/kb/venv"))
PY = VENV / "bin/python"
POLICY = "manylinux_2_28"

# name==version, with the wheel file pip picks for CPython 3.12 on x86_64 Linux.
PINNED = [
    ("vllm", "0.34.0", "vllm-0.34.0-cp38-abi3-manylinux_2_28_x86_64.whl"),
    ("sgl-kernel", "0.3.21", "sgl_kernel-0.3.21-cp310-abi3-manylinux2014_x86_64.whl"),
    ("xformers", "0.0.35", "xformers-0.0.35-py39-none-manylinux_2_28_x86_64.whl"),
    ("flash-attn-4", "4.0.0b40", "flash_attn_4-4.0.0b40-py3-none-any.whl"),
    ("flashinfer-cubin", "0.6.13", "flashinfer_cubin-0.6.13-py3-none-any.whl"),
    # Several CUDA majors in one wheel (one libbitsandbytes_cudaXYZ.so per toolkit).
    ("bitsandbytes", "0.50.2", "bitsandbytes-0.50.2-py3-none-manylinux_2_24_x86_64.whl"),
]
CUBIN_SAMPLE = 400  # cuobjdump runs on an even sample of a wheel's standalone cubins (kb reads all)
PLATFORMS = ["manylinux_2_39_x86_64", "manylinux_2_35_x86_64", "manylinux_2_34_x86_64", "manylinux_2_31_x86_64",
             "manylinux_2_28_x86_64", "manylinux_2_24_x86_64", "manylinux2014_x86_64", "linux_x86_64"]


def download():
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for name, version, fname in PINNED:
        if (wheels / fname).exists():
            continue
        plat = [a for p in PLATFORMS for a in ("--platform", p)]
        subprocess.run([str(VENV / "bin/pip"), "download", "--no-deps", "--only-binary=:all:", *plat,
                        "--python-version", "3.12", "--implementation", "cp", "-d", str(wheels),
                        f"{name}=={version}"], check=True)
        if not (wheels / fname).exists():
            sys.exit(f"{name}=={version}: pip picked another file than {fname}; update PINNED")


def unpack(fname):
    dest = CACHE / "unpacked" / fname[:-4]
    if not dest.exists():
        tmp = dest.with_suffix(".tmp")
        subprocess.run(["rm", "-rf", str(tmp)], check=True)
        with zipfile.ZipFile(CACHE / "wheels" / fname) as z:
            z.extractall(tmp)
        tmp.rename(dest)
    return dest


def elf_files(root):
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with open(p, "rb") as f:
                h = f.read(20)
            if h[:4] == b"\x7fELF" and (h[16] != 1 or int.from_bytes(h[18:20], "little") == 190):
                out.append((p, int.from_bytes(h[18:20], "little") == 190))
    return out


def timed(argv, **kw):
    """Runs argv under GNU time: (CompletedProcess, wall seconds, peak RSS MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        t0 = time.monotonic()
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *argv], capture_output=True, text=True,
                           errors="replace", **kw)
        wall = time.monotonic() - t0
        parts = (t.read().strip().splitlines() or ["0 0"])[-1].split()
        rss = int(parts[1]) / 1024 if len(parts) == 2 and parts[1].isdigit() else 0
    return r, wall, rss


def run_kb(kb, path):
    r, wall, rss = timed([kb, "inspect", "--format", "json", "--jobs", "1", str(path)])
    try:
        report = json.loads(r.stdout)
    except json.JSONDecodeError:
        report = {"targets": []}
    findings = [f for t in report["targets"] for f in t["findings"]]
    cuda = {}
    for t in report["targets"]:
        cuda = t.get("cuda") or next((v["cuda"] for v in t.get("files", {}).values() if "cuda" in v), {})
    return {"exit": r.returncode, "findings": findings, "cuda": cuda, "wall": wall, "rss": rss,
            "stderr": r.stderr[-300:]}


AUDITWHEEL_ONE = r"""
import base64, hashlib, json, os, subprocess, sys, zipfile
so, work = sys.argv[1], sys.argv[2]
name = os.path.basename(so)
whl = os.path.join(work, "kbaudit-1.0-py3-none-linux_x86_64.whl")
meta = {"kbaudit-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: kbaudit\nVersion: 1.0\n",
        "kbaudit-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: kb\nRoot-Is-Purelib: false\nTag: py3-none-linux_x86_64\n"}
with zipfile.ZipFile(whl, "w", zipfile.ZIP_STORED) as z:
    z.write(so, "kbaudit/" + name)
    for n, b in meta.items():
        z.writestr(n, b)
    # auditwheel analyses only the files RECORD lists.
    z.writestr("kbaudit-1.0.dist-info/RECORD", "".join(f"{n},,\n" for n in ["kbaudit/" + name, *meta,
                                                                         "kbaudit-1.0.dist-info/RECORD"]))
r = subprocess.run([os.path.join(os.path.dirname(sys.executable), "auditwheel"), "show", "--json", whl],
                   capture_output=True, text=True)
print(r.stdout if r.returncode == 0 else json.dumps({"error": (r.stderr or r.stdout).strip()[-300:]}))
"""

KAC_ONE = r"""
import json, sys, kernel_abi_check
o = kernel_abi_check.ObjectFile(sys.argv[1])
out = {}
for key, call in (("manylinux", lambda: o.check_manylinux("manylinux_2_28")), ("python_abi", lambda: o.check_python_abi("3.9"))):
    try:
        out[key] = sorted({repr(v) for v in call()})
    except Exception as e:
        out[key + "_error"] = str(e)[:200]
print(json.dumps(out))
"""


def run_auditwheel(so, work):
    r, wall, rss = timed([str(PY), "-c", AUDITWHEEL_ONE, str(so), work])
    try:
        j = json.loads(r.stdout)
    except (json.JSONDecodeError, IndexError):
        j = {"error": r.stderr[-300:]}
    return {"j": j, "wall": wall, "rss": rss}


def run_kac(so):
    r, wall, rss = timed([str(PY), "-c", KAC_ONE, str(so)])
    try:
        j = json.loads(r.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        j = {"error": r.stderr[-300:]}
    return {"j": j, "wall": wall, "rss": rss, "exit": r.returncode}


def cuobjdump_path():
    r = subprocess.run([str(PY), "-c", "import importlib.metadata as m; print(next(f.locate() for f in "
                        "m.files('nvidia-cuda-cuobjdump') if f.name == 'cuobjdump'))"], capture_output=True, text=True)
    return r.stdout.strip()


def run_cuobjdump(cuobjdump, so):
    r, wall, rss = timed([cuobjdump, "-lelf", "-lptx", str(so)])
    sass = sorted(set(re.findall(r"\.(sm_\d+[af]?)\.cubin", r.stdout)))
    ptx = sorted(set("compute_" + m for m in re.findall(r"\.sm_(\d+[af]?)\.ptx", r.stdout)))
    return {"exit": r.returncode, "sass": sass, "ptx": ptx, "wall": wall, "rss": rss,
            "err": (r.stderr.strip().splitlines() or [""])[-1][:160]}


def families(findings):
    """kb's verdict per rule family: 'fail (n)', 'warn (n)' or 'pass'."""
    fam = {"manylinux": ["abi.manylinux"], "needed": ["elf.needed"], "python": ["abi.python", "elf.pyinit"],
           "cuda": ["cuda.fatbin", "cuda.kernels"], "other": None}
    out = {}
    for key, rules in fam.items():
        hit = [f for f in findings if (rules is None and not any(f["rule"] in r for r in fam.values() if r))
               or (rules and f["rule"] in rules)]
        errs = [f for f in hit if f["severity"] == "error"]
        warns = [f for f in hit if f["severity"] == "warning"]
        out[key] = f"fail ({len(errs)})" if errs else f"warn ({len(warns)})" if warns else "pass"
    return out


def kb_needed(findings):
    return sorted({f["subject"] for f in findings if f["rule"] == "elf.needed" and f["severity"] == "error"})


def kb_max_glibc(findings):
    vs = [f["subject"].split("@")[-1] for f in findings if f["rule"] == "abi.manylinux"]
    return ", ".join(sorted(set(vs))[:3])


NEEDED_WHY = ("kb's per-file run uses the Hub profile, whose elf.needed allows only the manylinux whitelist, Torch and "
              "the variant's cudart; auditwheel lists only libraries it resolves on this machine, which has no GPU "
              "driver or NVIDIA wheels on its library path; `--profile wheel` classifies them as driver / nvidia-wheel "
              "and reports nothing")
TORCH_PROVIDED = re.compile(r"^(libtorch\w*\.so|libc10\w*\.so|libcudart\.so\.\d+(\.\d+)?)$")


def explain(row):
    """Why kb and the referees differ on this file (empty when they agree)."""
    why = []
    k, aw, kac, cu = row["kb"], row["aw"]["j"], row["kac"]["j"], row["cu"]
    kb_ml_fail = k["fam"]["manylinux"].startswith("fail")
    kac_ml_fail = bool(kac.get("manylinux"))
    sym_tag = aw.get("sym_tag") or ""
    # sym_tag is the oldest tag the symbol versions allow: newer than the policy, or plain
    # linux_* (no policy fits), means the file fails manylinux_2_28.
    m = re.match(r"manylinux_2_(\d+)", sym_tag)
    aw_ml_fail = int(m.group(1)) > 28 if m else (True if sym_tag.startswith("linux") else None)
    if "error" in aw:
        why.append(f"auditwheel could not analyse it ({aw['error'][:80]})")
    elif aw_ml_fail is not None and aw_ml_fail != kb_ml_fail:
        why.append(f"manylinux: auditwheel sym_tag {sym_tag} vs kb {k['fam']['manylinux']}" + (
            " (auditwheel also counts the symbol versions of the external libraries it resolved on this Debian 12 "
            "machine, which it would graft; the file's own needs fit manylinux_2_28, as kernel-abi-check agrees)"
            if aw_ml_fail and not kb_ml_fail and aw.get("external_libs") else ""))
    if kac_ml_fail != kb_ml_fail and "manylinux_error" not in kac:
        why.append(f"manylinux: kernel-abi-check {len(kac.get('manylinux', []))} violation(s) vs kb "
                   f"{k['fam']['manylinux']}")
    ext = set(aw.get("external_libs", {}) or {}) if isinstance(aw.get("external_libs"), dict) else set(aw.get("external_libs") or [])
    if ext or k["needed"]:
        only_aw = sorted(ext - set(k["needed"]))
        torch = [l for l in only_aw if TORCH_PROVIDED.match(l)]
        other = [l for l in only_aw if l not in torch]
        if torch:
            why.append("needed: auditwheel would graft " + ", ".join(torch) + "; kb allows Torch's and the CUDA "
                       "runtime's libraries (a Torch extension loads them from the torch wheel)")
        if other:
            why.append("needed: only auditwheel lists " + ", ".join(other))
        only_kb = sorted(set(k["needed"]) - ext)
        if only_kb:
            why.append("needed: only kb flags " + ", ".join(only_kb) + " (" + NEEDED_WHY + ")")
    kac_py = bool(kac.get("python_abi"))
    kb_py = k["fam"]["python"].startswith("fail")
    if kac_py != kb_py:
        why.append(f"python abi: kernel-abi-check {len(kac.get('python_abi', []))} vs kb {k['fam']['python']}")
    kb_sass = sorted({a.rstrip("f") for a in k["cuda"].get("sass", [])})
    if cu["exit"] != 0 and k["cuda"]:
        why.append(f"cuobjdump exit {cu['exit']} ({cu['err']}); kb lists {len(k['cuda'].get('entries', []))} entries")
    elif kb_sass != cu["sass"] and (kb_sass or cu["sass"]):
        why.append(f"sass: kb {kb_sass} vs cuobjdump {cu['sass']}")
    return why


def audit_file(kb, cuobjdump, path, work):
    row = {"path": path}
    row["kb"] = run_kb(kb, path)
    row["kb"]["fam"] = families(row["kb"]["findings"])
    row["kb"]["needed"] = kb_needed(row["kb"]["findings"])
    row["aw"] = run_auditwheel(path, work)
    row["kac"] = run_kac(path)
    row["cu"] = run_cuobjdump(cuobjdump, path)
    row["why"] = explain(row)
    return row


def audit_cubins(kb, cuobjdump, wheel, cubins):
    """Standalone cubins: kb (one run over the wheel's directory) vs cuobjdump on each file."""
    r, wall, rss = timed([kb, "inspect", "--format", "json", str(CACHE / "unpacked" / wheel[:-4])])
    report = json.loads(r.stdout) if r.stdout.strip().startswith("{") else {"targets": []}
    files = {k: v["cuda"] for t in report["targets"] for k, v in t.get("files", {}).items() if "cuda" in v}
    t0 = time.monotonic()
    mismatch, cu_fail = [], 0
    step = max(1, len(cubins) // CUBIN_SAMPLE)
    sample = cubins[::step]
    for p in sample:
        c = subprocess.run([cuobjdump, "-lelf", str(p)], capture_output=True, text=True, errors="replace")
        if c.returncode != 0:
            cu_fail += 1
            continue
        ours = files.get(str(p), {}).get("sass", [])
        # cuobjdump names a standalone cubin by its file name; its arch is in "arch = sm_XX" of -elf,
        # so compare on the listing line, which carries the arch kb reads from e_flags/.nv.compat.
        if not ours or ours[0] not in c.stdout and ours[0].rstrip("a") not in c.stdout:
            mismatch.append(p.name)
    cu_wall = time.monotonic() - t0
    kernels = sum(len(e.get("kernels", [])) for v in files.values() for e in v.get("entries", []))
    archs = sorted({a for v in files.values() for a in v.get("sass", [])})
    return {"n": len(cubins), "sampled": len(sample), "kb_exit": r.returncode, "kb_wall": wall, "kb_rss": rss, "read": len(files),
            "archs": archs, "cu_fail": cu_fail, "cu_wall": cu_wall, "mismatch": mismatch[:5], "nmismatch": len(mismatch)}


def largest_comparison(kb, cuobjdump, rows):
    """kb (all rules) vs each referee and vs readelf -V -d + kb --archs, on the largest .so, best of 3."""
    big = max(rows, key=lambda r: r["path"].stat().st_size)
    p = str(big["path"])
    subprocess.run(["cat", p], stdout=subprocess.DEVNULL)  # page cache warm for every tool

    def best(argv, n=3):
        runs = [timed(argv)[1:] for _ in range(n)]
        return min(w for w, _ in runs), max(r for _, r in runs)

    with tempfile.TemporaryDirectory() as work:
        t = {"kb all rules": best([kb, "inspect", "--jobs", "1", p]),
             "kb --archs": best([kb, "inspect", "--archs", p]),
             "readelf -V -d": best(["readelf", "-V", "-d", "-W", p]),
             "cuobjdump -lelf -lptx": best([cuobjdump, "-lelf", "-lptx", p]),
             "kernel-abi-check": best([str(PY), "-c", KAC_ONE, p]),
             "auditwheel show": best([str(PY), "-c", AUDITWHEEL_ONE, p, work], 1)}
    return big, t


def md_row(r, base):
    k, aw, kac, cu = r["kb"], r["aw"], r["kac"], r["cu"]
    rel = str(r["path"].relative_to(base))
    size = r["path"].stat().st_size / 1e6
    awj = aw["j"]
    ext = awj.get("external_libs") or {}
    aw_v = "error" if "error" in awj else f"{awj.get('sym_tag', '?')}; ext {len(ext)}"
    kac_v = (f"ml {len(kac['j'].get('manylinux', []))}, py {len(kac['j'].get('python_abi', []))}"
             if "error" not in kac["j"] else "error")
    sass = ",".join(a.replace("sm_", "") for a in k["cuda"].get("sass", [])) or "-"
    cu_v = ",".join(a.replace("sm_", "") for a in cu["sass"]) or ("-" if cu["exit"] == 0 else f"exit {cu['exit']}")
    f = k["fam"]
    return (f"| `{rel}` | {size:.1f} | {k['exit']} | {f['manylinux']} | {f['needed']} | {f['python']} | {f['cuda']} | "
            f"{sass} | {aw_v} | {kac_v} | {cu_v} | {k['wall']:.2f}/{k['rss']:.0f} | {aw['wall']:.2f}/{aw['rss']:.0f} | "
            f"{kac['wall']:.2f}/{kac['rss']:.0f} | {cu['wall']:.2f}/{cu['rss']:.0f} | {'; '.join(r['why']) or 'agree'} |")


def wheel_level(kb, fname):
    """kb on the whole wheel (--profile wheel) and `auditwheel show` on it: the wheel's verdict."""
    whl = str(CACHE / "wheels" / fname)
    r, wall, rss = timed([kb, "inspect", "--profile", "wheel", "--format", "json", whl])
    try:
        summary = json.loads(r.stdout)["targets"][0].get("wheel", {})
    except (json.JSONDecodeError, IndexError):
        summary = {"error": r.stderr.strip()[-200:]}
    a, awall, arss = timed([str(VENV / "bin/auditwheel"), "show", whl])
    tag = re.search(r'platform\s+tag:\s+"([^"]+)"', a.stdout + a.stderr)
    constr = re.search(r'constrains\s+the\s+platform\s+tag\s+to\s+"([^"]+)"', a.stdout + a.stderr)
    return {"kb_exit": r.returncode, "kb_wall": wall, "kb_rss": rss, "kb": summary,
            "aw_exit": a.returncode, "aw_wall": awall, "aw_rss": arss,
            "aw_tag": (constr or tag).group(1) if (constr or tag) else (a.stdout + a.stderr).strip()[-120:]}


HEADER = ("| file | MB | kb exit | manylinux_2_28 | needed | python abi3 | cuda | kb SASS | auditwheel sym_tag; "
          "external | kernel-abi-check violations | cuobjdump SASS | kb s/MB | auditwheel s/MB | kac s/MB | "
          "cuobjdump s/MB | why they differ |\n|" + "---|" * 16)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", default=str(HERE / "out/cli/kb"))
    ap.add_argument("--out", default=str(HERE / "docs/audit-table.md"))
    ap.add_argument("--download-only", action="store_true")
    args = ap.parse_args()
    download()
    if args.download_only:
        return 0
    cuobjdump = cuobjdump_path()
    lines, rows, crashes = [], [], []
    with tempfile.TemporaryDirectory() as work:
        for name, version, fname in PINNED:
            base = unpack(fname)
            files = elf_files(base)
            sos = [p for p, cubin in files if not cubin]
            cubins = [p for p, cubin in files if cubin]
            w = wheel_level(args.kb, fname)
            lines.append(f"\n## {name} {version} (`{fname}`)\n")
            lines.append(f"{len(sos)} host ELF file(s), {len(cubins)} standalone cubin(s). Whole wheel: kb "
                         f"`--profile wheel` exit {w['kb_exit']} in {w['kb_wall']:.2f} s / {w['kb_rss']:.0f} MB; "
                         f"`auditwheel show` exit {w['aw_exit']} in {w['aw_wall']:.2f} s / {w['aw_rss']:.0f} MB, "
                         f"tag: {w['aw_tag']}.\n")
            if w["kb"]:
                lines.append("kb's wheel verdict: `" + json.dumps(w["kb"], sort_keys=True)[:1500] + "`\n")
            if sos:
                lines.append(HEADER)
            for p in sos:
                row = audit_file(args.kb, cuobjdump, p, work)
                rows.append(row)
                if row["kb"]["exit"] >= 2:
                    crashes.append(f"{p}: exit {row['kb']['exit']} {row['kb']['stderr']}")
                lines.append(md_row(row, base))
                print(f"{p.name}: kb {row['kb']['exit']} {row['kb']['wall']:.2f}s; {'; '.join(row['why'])}", flush=True)
            if cubins:
                c = audit_cubins(args.kb, cuobjdump, fname, cubins)
                if c["kb_exit"] >= 2:
                    crashes.append(f"{fname} cubins: kb exit {c['kb_exit']}")
                lines.append(f"\nStandalone cubins: kb read {c['read']} of {c['n']} (one run over the unpacked wheel, "
                             f"exit {c['kb_exit']}, {c['kb_wall']:.1f} s / {c['kb_rss']:.0f} MB); SASS archs "
                             f"{', '.join(c['archs'])}. cuobjdump -lelf on {c['sampled']} of them (even sample): {c['cu_fail']} failed, "
                             f"{c['nmismatch']} arch mismatch(es) {c['mismatch']}, {c['cu_wall']:.1f} s in all.\n")
        big, t = largest_comparison(args.kb, cuobjdump, rows)
    kb_t = t["kb all rules"][0]
    floor = t["readelf -V -d"][0] + t["kb --archs"][0]
    out = ["# kb inspect on published CUDA wheels, refereed\n",
           "Generated by `scripts/audit_referee.py` (not part of `make test`: it downloads GBs). One row per host ELF "
           f"file; policy {POLICY}, Python abi3 3.9. Times are wall seconds / peak RSS MB of one run "
           "(GNU time), `--jobs 1`. auditwheel and kernel-abi-check run through the venv's Python, startup included; "
           "auditwheel on a throwaway wheel holding just the file. Rule-family cells: kb's verdict (`fail (n)` = n "
           "error findings). Disagreements are explained per row; the reasons are discussed in docs/notes/issue-16.md.\n",
           f"\n## Largest .so: `{big['path'].name}` ({big['path'].stat().st_size / 1e6:.0f} MB), best of 3\n",
           "| tool | wall s | peak RSS MB | kb all rules faster by |", "|---|---|---|---|"]
    for tool, (wall, rss) in t.items():
        out.append(f"| {tool} | {wall:.3f} | {rss:.0f} | {wall / kb_t if kb_t else 0:.1f}x |")
    out.append(f"\nkb all rules vs `readelf -V -d` + `kb --archs`: {kb_t:.3f} s vs {floor:.3f} s = "
               f"{kb_t / floor if floor else 0:.2f}x (target <= 3x).\n")
    out.append(f"\nCrashes, hangs or exit >= 2 on any file: {len(crashes)}" + ("" if not crashes else "\n- " + "\n- ".join(crashes)))
    Path(args.out).write_text("\n".join(out + lines) + "\n")
    print(f"wrote {args.out}; {len(rows)} files, {sum(1 for r in rows if r['why'])} with differences, "
          f"{len(crashes)} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
