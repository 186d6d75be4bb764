# SPDX-License-Identifier: Apache-2.0
"""Loads a stress-abi CPU build into the Torch process and checks it. usage: check.py LIB.so"""
import re, sys, torch
torch.ops.load_library(sys.argv[1])
ops = torch.ops._stress_abi_test
failed = ops.failed_checks()
print("failed_checks:", repr(failed))
kinds = {}
for k in range(5):
    try:
        ops.throw_error(k)
        kinds[k] = "no exception"
    except RuntimeError as e:
        kinds[k] = "RuntimeError: " + str(e).splitlines()[0][:60]
    except Exception as e:
        kinds[k] = type(e).__name__
print(kinds)
print("regex in kernel:", ops.regex_match("[a-z]+[0-9]*", "abc123"))
x = torch.arange(6, dtype=torch.float32)
out = torch.empty_like(x); ops.scale(out, x, 2.0); print("scale:", out.tolist())
# std::regex inside torch after loading: torch.jit / c10 string utilities
print("torch still works:", torch.nn.functional.relu(torch.tensor([-1.0, 2.0])).tolist())
# Torch's own translation: std::out_of_range -> IndexError, std::bad_alloc -> MemoryError.
expect = {0: "RuntimeError", 1: "RuntimeError", 2: "IndexError", 3: "RuntimeError", 4: "MemoryError"}
ok = failed == "" and all(kinds[k].startswith(v) for k, v in expect.items())
print("OK" if ok else "FAIL")
sys.exit(0 if ok else 1)
