# SPDX-License-Identifier: Apache-2.0
"""The stress-abi kernel: host code that leaks symbol versions in a naive build."""
import torch

from ._ops import ops


def failed_checks() -> str:
    """Comma-separated names of the kernel's failing host checks; empty when all pass."""
    return ops.failed_checks()


def throw_error(kind: int) -> None:
    """Throws a C++ exception in the kernel (0 runtime_error, 1 system_error, 2 out_of_range)."""
    ops.throw_error(kind)


def regex_match(pattern: str, text: str) -> bool:
    return ops.regex_match(pattern, text)


def scale(x: torch.Tensor, s: float) -> torch.Tensor:
    out = torch.empty_like(x)
    ops.scale(out, x, s)
    return out
