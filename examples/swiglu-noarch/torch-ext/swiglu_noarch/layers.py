# SPDX-License-Identifier: Apache-2.0
"""The kernel as an nn.Module, the shape `kernels` hub layers take."""
import torch
from torch import nn


class SwiGLU(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        from . import swiglu

        return swiglu(x)
