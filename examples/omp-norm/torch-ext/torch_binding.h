// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <torch/all.h>

void rms_norm_rows(torch::Tensor& out, const torch::Tensor& x, double eps);
// Threads one OpenMP parallel region of this kernel runs with (follows torch.set_num_threads
// only when the kernel shares Torch's OpenMP runtime).
int64_t openmp_threads();
// 16 when the AVX-512 routine was picked, 1 for the portable one.
int64_t simd_width();
