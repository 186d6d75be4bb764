# SPDX-License-Identifier: Apache-2.0
"""SwiGLU written with Torch operations only, so one build serves every Torch and device."""
import json
from pathlib import Path

import torch

from . import layers

__all__ = ["swiglu", "layers", "DEFAULTS"]

# Shipped beside the Python code (pyext "json").
DEFAULTS = json.loads((Path(__file__).parent / "defaults.json").read_text())


def swiglu(x: torch.Tensor, beta: float = DEFAULTS["beta"]) -> torch.Tensor:
    """Splits the last dimension in halves (gate, up) and returns gate * sigmoid(beta * gate) * up."""
    if x.shape[-1] % 2:
        raise ValueError(f"swiglu needs an even last dimension, got {x.shape[-1]}")
    gate, up = x.chunk(2, dim=-1)
    return gate * torch.sigmoid(beta * gate) * up
