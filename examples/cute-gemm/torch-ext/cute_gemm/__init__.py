# SPDX-License-Identifier: Apache-2.0
"""C = A @ B in float32: a CuTe kernel on CUDA, a blocked loop on CPU."""
import json
from pathlib import Path
from typing import Optional

import torch

from ._ops import ops

# Shipped beside this file (build.toml: pyext = ["py", "json"]).
CONFIG = json.loads((Path(__file__).parent / "tiles.json").read_text())
_DTYPES = {getattr(torch, name) for name in CONFIG["dtypes"]}


def gemm(a: torch.Tensor, b: torch.Tensor, out: Optional[torch.Tensor] = None) -> torch.Tensor:
    if a.dtype not in _DTYPES or b.dtype not in _DTYPES:
        raise TypeError(f"cute_gemm.gemm supports {CONFIG['dtypes']}, got {a.dtype} and {b.dtype}")
    if out is None:
        out = torch.empty((a.shape[0], b.shape[1]), dtype=a.dtype, device=a.device)
    ops.gemm(out, a, b)
    return out
