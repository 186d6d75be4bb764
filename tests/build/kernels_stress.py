# SPDX-License-Identifier: Apache-2.0
"""Loads a kb-built stress-abi variant with the real `kernels` library, in the Python process that runs
Torch, and checks that the compat-layer build behaves.

usage: kernels_stress.py REPO_DIR BACKEND REGEX_PROBE.so [--device cpu|cuda]
REPO_DIR holds build/<variant>/. The kernel's own 15 host checks must pass; its C++ exceptions must
reach Python through Torch's op call as the exception pybind11 maps them to (std::exception ->
RuntimeError with the message intact); std::regex must work in another library of this process after
loading (REGEX_PROBE.so, built without the layer); Torch must still work. Prints "OK" and exits 0,
or prints what failed and exits 1.
"""
import argparse
import ctypes
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from kernels import get_local_kernel  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("repo")
ap.add_argument("backend")
ap.add_argument("probe")
ap.add_argument("--device", default="cpu")
a = ap.parse_args()

problems = []


def expect(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        problems.append(what)


k = get_local_kernel(Path(a.repo), backend=a.backend)
ns = str(k._ops.ops)
print("loaded", k.__name__, ns)

failed = k.failed_checks()
expect(failed == "", f"kernel host checks (failing: {failed!r})")
expect(k.regex_match("[a-z]+[0-9]*", "abc123") and not k.regex_match("[0-9]+", "abc"), "std::regex inside the kernel")

# kind -> (Python type, text that must survive the crossing)
expected = {
    0: (RuntimeError, "stress_abi: runtime_error from the kernel"),  # std::runtime_error
    1: (RuntimeError, "stress_abi"),                                 # std::system_error
    2: (IndexError, "vector::_M_range_check"),                       # std::out_of_range (pybind11 maps it)
    3: (RuntimeError, ""),                                           # throw 42: not a std::exception
    4: (MemoryError, ""),                                            # std::bad_array_new_length is a bad_alloc
}
for kind, (etype, text) in expected.items():
    try:
        k.throw_error(kind)
        expect(False, f"throw_error({kind}) raised nothing")
    except Exception as e:  # noqa: BLE001
        expect(type(e) is etype and text in str(e), f"throw_error({kind}) -> {type(e).__name__}: {str(e).splitlines()[0][:70] if str(e) else ''}")

# The process after loading: a library built without the layer still gets a working std::regex and
# iostreams from the system libstdc++ (nothing of the kernel's private copies leaked into it).
probe = ctypes.CDLL(a.probe)
probe.kb_regex_probe.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
expect(probe.kb_regex_probe(rb"\d{4}", b"year 2026") == 1 and probe.kb_regex_probe(rb"^\d+$", b"x1") == 0,
       "std::regex in another library after loading")

for n in (12, 1025, (1 << 20) + 3):  # one block, a partial last block, many blocks
    x = torch.randn(n, dtype=torch.float32, device=a.device)
    expect(torch.equal(k.scale(x, 2.5), x * 2.5), f"scale op on {a.device}, {n} elements")
expect(torch.equal(torch.relu(torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0])), "Torch works afterwards")

print("OK" if not problems else f"FAIL ({len(problems)})")
sys.exit(1 if problems else 0)
