#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives core/data/torch_shim_versions.txt from a Torch wheel's C shim headers.

kernel-abi-check 0.14.x on PyPI does not ship pytorch's shim_function_versions.txt, so kb
derives the same table from the headers a Torch wheel installs: every `AOTI_TORCH_EXPORT`
declaration inside `#if TORCH_FEATURE_VERSION >= TORCH_VERSION_X_Y_Z` gets version X.Y.
Ungated declarations predate the stable ABI's versioning (2.10) and are left out, as
kernel-abi-check does with shims missing from its table.

usage: update_torch_shim_versions.py torch-2.13.0-...whl > core/data/torch_shim_versions.txt
"""
import re
import sys
import zipfile

HEADERS = re.compile(r"torch/include/torch/csrc/(stable/c/[^/]+\.h|inductor/aoti_torch/c/[^/]+\.h|"
                     r"inductor/aoti_torch/generated/c_shim_[^/]+\.h)$")
GATE = re.compile(r"#\s*if\s+TORCH_FEATURE_VERSION\s*>=\s*TORCH_VERSION_(\d+)_(\d+)_\d+")


def scan(text, out):
    stack = []  # one entry per open #if: a (major, minor) gate or None
    pending = None  # text of an AOTI_TORCH_EXPORT declaration until its '('
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            m = GATE.match(s)
            if m:
                stack.append((int(m.group(1)), int(m.group(2))))
            elif re.match(r"#\s*if", s):
                stack.append(None)
            elif re.match(r"#\s*endif", s) and stack:
                stack.pop()
            continue
        if pending is None and "AOTI_TORCH_EXPORT" in s:
            pending = s.split("AOTI_TORCH_EXPORT", 1)[1]
        elif pending is not None:
            pending += " " + s
        if pending is not None and "(" in pending:
            name = re.findall(r"([A-Za-z_]\w*)\s*\(", pending)[0]
            gates = [g for g in stack if g]
            if gates:
                ver = max(gates)
                out[name] = max(out.get(name, ver), ver)
            pending = None


def main():
    out = {}
    with zipfile.ZipFile(sys.argv[1]) as whl:
        for n in sorted(whl.namelist()):
            if HEADERS.search(n):
                scan(whl.read(n).decode(), out)
    print(f"# Torch stable-ABI shim functions and the Torch version that added them.")
    print(f"# Derived by scripts/update_torch_shim_versions.py from {sys.argv[1].split('/')[-1]}")
    print(f"# (BSD-3-Clause, PyTorch). Shims not listed predate 2.10. Format: <symbol> <major.minor>")
    for name, (ma, mi) in sorted(out.items(), key=lambda kv: (kv[1], kv[0])):
        print(f"{name} {ma}.{mi}")


if __name__ == "__main__":
    main()
