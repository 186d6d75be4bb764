# SPDX-License-Identifier: Apache-2.0
"""Provisions an importable apache-tvm-ffi for tests, without touching the referee venv.

Usage: tvm_ffi_runtime.py VERSION  ->  prints "PYTHONPATH_DIR=<dir>", a directory to put first on PYTHONPATH.
The wheel (per CPython version: it carries a Cython module) is installed with --no-deps into
<cache>/tvm-ffi-runtime/<VERSION>-cpXY, through a temp dir renamed into place.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def ensure(version: str) -> Path:
    cache = Path(os.environ.get("KB_CACHE") or Path.home() / ".cache" / "kb")
    root = cache / "tvm-ffi-runtime"
    target = root / f"{version}-cp{sys.version_info.major}{sys.version_info.minor}"
    if (target / "tvm_ffi" / "__init__.py").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--only-binary=:all:", "--target",
                    str(tmp), f"apache-tvm-ffi=={version}"], check=True, stdout=sys.stderr,
                   env={**os.environ, "PIP_CACHE_DIR": str(cache / "pip")})
    try:
        os.rename(tmp, target)
    except OSError:  # another run installed it first
        subprocess.run(["rm", "-rf", str(tmp)], check=False)
    return target


if __name__ == "__main__":
    print(f"PYTHONPATH_DIR={ensure(sys.argv[1])}")
