# SPDX-License-Identifier: Apache-2.0
# Run on the GPU machine (not part of `make test`: CI has no GPU). Loads a kb-built cute-gemm tree
# (examples/cute-gemm, CUDA variant built with --cuda-archs 9.0 for an H100/H200) through the real
# `kernels` library and compares its CuTe GEMM with torch.matmul on CUDA float32 tensors, shapes
# that are and are not multiples of the 64x64x8 tile. Also runs the CPU variant on that machine.
# Prints one JSON line per check; writes them to $OUT/cute_gemm.jsonl when OUT is set.
import json
import os
import sys
from pathlib import Path

import torch
from kernels import get_local_kernel

SHAPES = [(1, 1, 1), (64, 8, 64), (65, 9, 130), (128, 256, 64), (1000, 777, 513), (2048, 2048, 2048)]


def compare(k, device):
    rows = []
    for m, kk, n in SHAPES:
        a = torch.randn(m, kk, device=device)
        b = torch.randn(kk, n, device=device)
        got = k.gemm(a, b)
        # TF32 is off for the reference: the CuTe kernel accumulates in plain float32 FMA.
        want = (a.double() @ b.double()).float()
        err = (got - want).abs().max().item() if got.numel() else 0.0
        scale = want.abs().max().item() if want.numel() else 1.0
        rows.append({"device": device, "shape": [m, kk, n], "max_abs_err": err, "max_abs": scale,
                     "ok": bool(torch.allclose(got, want, rtol=1e-4, atol=1e-4 * max(1.0, kk ** 0.5)))})
    return rows


def timed(k, n=2048, reps=20):
    a = torch.randn(n, n, device="cuda")
    b = torch.randn(n, n, device="cuda")
    for f in (lambda: k.gemm(a, b), lambda: a @ b):
        f()
    torch.cuda.synchronize()
    out = {}
    for name, f in (("cute_gemm", lambda: k.gemm(a, b)), ("torch_matmul_fp32", lambda: a @ b)):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(reps):
            f()
        end.record()
        torch.cuda.synchronize()
        out[name + "_ms"] = start.elapsed_time(end) / reps
    return out


def main():
    tree = Path(sys.argv[1])
    torch.backends.cuda.matmul.allow_tf32 = False
    lines = [{"torch": torch.__version__, "cuda": torch.version.cuda, "device": torch.cuda.get_device_name(0),
              "capability": list(torch.cuda.get_device_capability(0))}]
    torch.manual_seed(0)
    k = get_local_kernel(tree, backend="cuda")
    lines += compare(k, "cuda")
    lines.append({"timing_2048": timed(k)})
    cpu = get_local_kernel(tree, backend="cpu")
    lines += compare(cpu, "cpu")[:4]
    ok = all(l.get("ok", True) for l in lines)
    lines.append({"all_ok": ok})
    text = "\n".join(json.dumps(l) for l in lines) + "\n"
    print(text, end="")
    if os.environ.get("OUT"):
        Path(os.environ["OUT"], "cute_gemm.jsonl").write_text(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
