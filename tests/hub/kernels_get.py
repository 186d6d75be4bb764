# SPDX-License-Identifier: Apache-2.0
"""Referee: the real `kernels` library loads REPO at VERSION from the local Hub (HF_ENDPOINT) and
runs its relu on the CPU against torch.relu. Usage: kernels_get.py REPO VERSION"""
import sys

import torch
from kernels import get_kernel

kernel = get_kernel(sys.argv[1], version=int(sys.argv[2]), backend="cpu")
y = kernel.relu(torch.tensor([-1.0, 0.0, 2.5]))
assert y.tolist() == [0.0, 0.0, 2.5], y
torch.manual_seed(0)
for shape in [(1,), (7,), (4, 5), (2, 3, 33), (16, 1024)]:
    x = torch.randn(*shape)
    assert torch.equal(kernel.relu(x), torch.relu(x)), f"relu differs from torch.relu for shape {shape}"
print("get_kernel ok", kernel.__name__)
