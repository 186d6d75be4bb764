# SPDX-License-Identifier: Apache-2.0
# Run on the GPU machine (not part of `make test`: CI has no GPU). Loads kb-built relu trees
# through the real `kernels` library and checks relu against torch.relu on CUDA tensors, and
# that two builds with different op ids live in one process. Prints one JSON line per check.
import json
import sys
from pathlib import Path

import torch
from kernels import get_local_kernel


def check(tree: Path, name: str):
    k = get_local_kernel(tree, backend="cuda")
    results = []
    for shape in [(1, 1), (7, 33), (128, 1024), (3, 5, 2049), (4096, 4096)]:
        x = torch.randn(*shape, device="cuda", dtype=torch.float32)
        y = k.relu(x)
        torch.cuda.synchronize()
        results.append({"shape": list(shape), "equal": bool(torch.equal(y, torch.relu(x)))})
    return k, results


def main():
    trees = [Path(p) for p in sys.argv[1:]]
    print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,
                      "device": torch.cuda.get_device_name(0),
                      "capability": list(torch.cuda.get_device_capability(0))}))
    loaded = []
    ok = True
    for tree in trees:
        k, results = check(tree, "relu")
        loaded.append(k)
        ops = [n for n in dir(torch.ops) if n.startswith("_relu")]
        print(json.dumps({"tree": str(tree), "module": k.__name__, "results": results, "torch_ops": sorted(ops)}))
        ok = ok and all(r["equal"] for r in results)
    print(json.dumps({"all_equal": ok, "distinct_modules": len({k.__name__ for k in loaded})}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
