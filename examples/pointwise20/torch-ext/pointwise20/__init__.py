from typing import Optional

import torch

from ._ops import ops

OPS = ("relu", "leaky_relu", "gelu_tanh", "silu", "sigmoid", "tanh", "softplus", "elu", "selu", "mish", "hardswish", "hardsigmoid", "square", "cube", "abs", "neg", "reciprocal", "rsqrt_abs", "exp", "log1p_abs")


def apply(name: str, x: torch.Tensor, out: Optional[torch.Tensor] = None) -> torch.Tensor:
    """y = name(x) for one of OPS, into `out` when given."""
    if name not in OPS:
        raise ValueError(f"unknown op {name!r}; choose one of {OPS}")
    if out is None:
        out = torch.empty_like(x)
    getattr(ops, name)(out, x)
    return out
