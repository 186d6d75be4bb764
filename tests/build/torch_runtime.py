# SPDX-License-Identifier: Apache-2.0
"""Provisions an importable Torch release for tests, without touching the referee venv.

Usage: torch_runtime.py VERSION  ->  prints "PYTHONPATH_DIR=<dir>", a directory to put first on
PYTHONPATH.

PyPI's Linux x86_64 `torch` wheel is the CUDA build and there is no CPU-only wheel on PyPI, so
the release is installed with `pip install --no-deps --target <cache>/torch-runtime/<VERSION>`
from kb's wheel cache (<cache>/wheels, shared with kb build). Its pure-Python dependencies and
most nvidia-* CUDA libraries it loads at import come from the venv this script runs in (the
referee venv, whose torch 2.11+cu130 pulled them in): the CUDA 13 sonames are the same across
these releases, and a CPU run never calls into them. Exceptions, measured: `import torch` binds
NCCL symbols at load, so the release's pinned nvidia-nccl (and the other small exact pins,
cusparselt and nvshmem) go into the target when the venv's differ; cuDNN (700 MB a release) is
left to the venv's cuDNN 9, whose C API the import does not outgrow. The install is written to a
temp dir and renamed into place, so concurrent or interrupted runs never see half a tree.
"""
import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cache_dir() -> Path:
    env = os.environ.get("KB_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "kb"


def wheel_for(version: str, wheels: Path) -> Path:
    pattern = f"torch-{version}-cp{sys.version_info.major}{sys.version_info.minor}-*x86_64.whl"
    found = sorted(wheels.glob(pattern))
    if found:
        return found[0]
    wheels.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=wheels) as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "-d", tmp, f"torch=={version}"], check=True, stdout=sys.stderr)
        got = sorted(Path(tmp).glob("torch-*.whl"))
        if not got:
            sys.exit(f"pip download torch=={version} produced no wheel")
        final = wheels / got[0].name
        if not final.exists():
            os.replace(got[0], final)
        return final


# Exact pins of the torch wheel kb installs beside it when the venv's version differs.
EXTRA_PINS = ("nvidia-nccl-cu13", "nvidia-cusparselt-cu13", "nvidia-nvshmem-cu13")


def differing_pins(target: Path) -> list:
    meta = next(target.glob("torch-*.dist-info")) / "METADATA"
    out = []
    for line in meta.read_text().splitlines():
        m = re.match(r"Requires-Dist: ([A-Za-z0-9_.-]+)==([^;\s]+)", line)
        if not m or m.group(1) not in EXTRA_PINS or "extra ==" in line:
            continue
        try:
            have = importlib.metadata.version(m.group(1))
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != m.group(2):
            out.append(f"{m.group(1)}=={m.group(2)}")
    return out


def ensure(version: str) -> Path:
    root = cache_dir() / "torch-runtime"
    target = root / version
    if (target / "torch" / "version.py").exists():
        return target
    start = time.time()
    wheel = wheel_for(version, cache_dir() / "wheels")
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile", "--target", str(tmp),
                    str(wheel)], check=True, stdout=sys.stderr)
    pins = differing_pins(tmp)
    if pins:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile", "--only-binary=:all:",
                        "--target", str(tmp), *pins], check=True, stdout=sys.stderr,
                       env={**os.environ, "PIP_CACHE_DIR": str(cache_dir() / "pip")})
    try:
        os.rename(tmp, target)
    except OSError:  # another run installed it first
        subprocess.run(["rm", "-rf", str(tmp)], check=False)
    print(f"torch_runtime: torch {version} (+ {', '.join(pins) or 'no extra pins'}) ready in "
          f"{time.time() - start:.0f} s", file=sys.stderr)
    return target


if __name__ == "__main__":
    print(f"PYTHONPATH_DIR={ensure(sys.argv[1])}")
