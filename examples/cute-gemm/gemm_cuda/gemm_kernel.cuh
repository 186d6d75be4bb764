// SPDX-License-Identifier: Apache-2.0
// The launcher's view of the CuTe kernel: raw pointers and a stream, so the Torch-facing code
// (gemm_launch.cpp) is compiled by g++ and only this kernel goes through nvcc with CuTe.
#pragma once
#include <cuda_runtime_api.h>

namespace cute_gemm {

// C (m x n) = A (m x k) @ B (k x n), all row-major float32 on the device. m, n and k must be
// multiples of k_block_m, k_block_n and k_block_k (the launcher pads). Returns the launch error.
cudaError_t launch_gemm_f32(int m, int n, int k, const float* a, const float* b, float* c, cudaStream_t stream);

}  // namespace cute_gemm
