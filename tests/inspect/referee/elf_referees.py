#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Referee verdicts on ELF fixtures, for tests/inspect/elf_referee_test.cpp.

usage: elf_referees.py WORKDIR OUT.json SO...
For each .so: `auditwheel show --json` on a minimal wheel holding just that file, and
kernel-abi-check's Python bindings (check_manylinux("manylinux_2_28"), check_python_abi("3.9")).
Writes {"<so file name>": {"auditwheel": {...}, "kernel_abi_check": {...}}}. A referee that
raises is recorded as {"error": "<message>"}: that is a verdict too ("could not check").
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import kernel_abi_check


def make_wheel(workdir, so_path):
    name = os.path.basename(so_path)
    stem = "kbfx_" + hashlib.sha1(name.encode()).hexdigest()[:8]
    files = {
        f"{stem}/{name}": open(so_path, "rb").read(),
        f"{stem}-1.0.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {stem}\nVersion: 1.0\n".encode(),
        f"{stem}-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: kb-tests\nRoot-Is-Purelib: false\n"
                                      b"Tag: py3-none-linux_x86_64\n",
    }
    record = ""
    for n, b in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(b).digest()).rstrip(b"=").decode()
        record += f"{n},sha256={digest},{len(b)}\n"
    record += f"{stem}-1.0.dist-info/RECORD,,\n"
    path = os.path.join(workdir, f"{stem}-1.0-py3-none-linux_x86_64.whl")
    with zipfile.ZipFile(path, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
        z.writestr(f"{stem}-1.0.dist-info/RECORD", record)
    return path


def auditwheel(workdir, so_path):
    exe = os.path.join(os.path.dirname(sys.executable), "auditwheel")
    r = subprocess.run([exe, "show", "--json", make_wheel(workdir, so_path)], capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": (r.stderr or r.stdout).strip().splitlines()[-1:]}
    j = json.loads(r.stdout)
    return {k: j.get(k) for k in ("overall_tag", "sym_tag", "versioned_symbols", "external_libs")}


def kac(so_path):
    out = {}
    o = kernel_abi_check.ObjectFile(so_path)
    for key, call in (("manylinux", lambda: o.check_manylinux("manylinux_2_28")),
                      ("python_abi", lambda: o.check_python_abi("3.9"))):
        try:
            out[key] = [repr(v) for v in call()]
        except Exception as e:  # the binding raises ValueError for what it cannot parse
            out[key] = {"error": f"{type(e).__name__}: {e}"}
    return out


def main():
    workdir, out, sos = sys.argv[1], sys.argv[2], sys.argv[3:]
    with ThreadPoolExecutor(max_workers=4) as pool:
        aw = list(pool.map(lambda p: auditwheel(workdir, p), sos))
    verdicts = {os.path.basename(p): {"auditwheel": a, "kernel_abi_check": kac(p)} for p, a in zip(sos, aw)}
    with open(out, "w") as f:
        json.dump(verdicts, f, indent=1)


if __name__ == "__main__":
    main()
