// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <torch/all.h>

// out (m x n) = a (m x k) @ b (k x n), float32; CUDA (CuTe) or CPU, whichever the variant builds.
void gemm(torch::Tensor& out, const torch::Tensor& a, const torch::Tensor& b);
