# SPDX-License-Identifier: Apache-2.0
"""RMS normalisation of the last dimension on CPU, OpenMP across rows, AVX-512 where available."""
from typing import Optional

import torch

from ._ops import ops


def rms_norm_rows(x: torch.Tensor, eps: float = 1e-6, out: Optional[torch.Tensor] = None) -> torch.Tensor:
    if out is None:
        out = torch.empty_like(x, memory_format=torch.contiguous_format)
    ops.rms_norm_rows(out, x, eps)
    return out


def openmp_threads() -> int:
    return ops.openmp_threads()


def simd_width() -> int:
    return ops.simd_width()
