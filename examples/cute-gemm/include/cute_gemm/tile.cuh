// SPDX-License-Identifier: Apache-2.0
// The one tile shape of the example, shared by the CUDA launcher (g++) and the kernel (nvcc):
// a 64x64 block of C per thread block, K consumed 8 at a time, 256 threads.
#pragma once

namespace cute_gemm {

constexpr int k_block_m = 64;
constexpr int k_block_n = 64;
constexpr int k_block_k = 8;
constexpr int k_threads = 256;

}  // namespace cute_gemm
