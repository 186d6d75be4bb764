# SPDX-License-Identifier: Apache-2.0
"""Referees for kb's compat layer: kernel-abi-check and `auditwheel show` on one .so.

usage: referee_abi.py POLICY LIB.so WORKDIR [MACHINE]
MACHINE (default x86_64) is the wheel's platform tag, linux_<MACHINE>: auditwheel judges an aarch64
.so against the aarch64 row of the policy only in an aarch64 wheel.
Prints one JSON object: {"abi_check": ["sym dep version", ...], "auditwheel_tag": "...",
"auditwheel_symbol_tag": "...", "auditwheel_output": "..."}. The .so is wrapped into a throwaway wheel for auditwheel.
"""
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

import kernel_abi_check


def wheel_with(so_path, workdir, machine):
    name = "kb_compat_probe"
    whl = os.path.join(workdir, f"{name}-0.0.1-cp39-abi3-linux_{machine}.whl")
    files = {
        f"{name}/_probe.abi3.so": open(so_path, "rb").read(),
        f"{name}/__init__.py": b"",
        f"{name}-0.0.1.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.1\n".encode(),
        f"{name}-0.0.1.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: kb-test\nRoot-Is-Purelib: false\n"
        + f"Tag: cp39-abi3-linux_{machine}\n".encode(),
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{name}-0.0.1.dist-info/RECORD,,")
    with zipfile.ZipFile(whl, "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
        z.writestr(f"{name}-0.0.1.dist-info/RECORD", "\n".join(record) + "\n")
    return whl


def main():
    policy, so_path, workdir = sys.argv[1:4]
    machine = sys.argv[4] if len(sys.argv) > 4 else "x86_64"
    found = kernel_abi_check.ObjectFile(so_path).check_manylinux(policy)
    out = {"abi_check": sorted(f"{s.name} {s.dep} {s.version}" for s in found)}
    show = subprocess.run([sys.executable, "-m", "auditwheel", "show", wheel_with(so_path, workdir, machine)],
                          capture_output=True, text=True)
    text = show.stdout + show.stderr
    m = re.search(r'platform\s+tag:\s+"([^"]+)"', text)
    out["auditwheel_tag"] = m.group(1) if m else ""
    # A Torch extension needs libtorch/libcudart, which no manylinux policy lists, so its platform
    # tag is linux_x86_64 whatever its symbols; what the symbol versions alone allow is printed
    # apart ("This constrains the platform tag to ..."), or not at all when they allow the tag.
    c = re.search(r'constrains\s+the\s+platform\s+tag\s+to\s+"([^"]+)"', text)
    out["auditwheel_symbol_tag"] = c.group(1) if c else out["auditwheel_tag"]
    out["auditwheel_output"] = text
    print(json.dumps(out))


if __name__ == "__main__":
    main()
