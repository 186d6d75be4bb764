// SPDX-License-Identifier: Apache-2.0
// A small CuTe GEMM: each thread block stages a BM x BK slice of A and a BN x BK slice of B in
// shared memory, and its 16 x 16 threads each accumulate a 4 x 4 piece of the 64 x 64 C tile.
// Deliberately one instantiation (float, fixed tile) to keep nvcc's time low.
#include <cute/tensor.hpp>

#include "cute_gemm/tile.cuh"
#include "gemm_kernel.cuh"

namespace cute_gemm {

namespace {

using namespace cute;

using BM = Int<k_block_m>;
using BN = Int<k_block_n>;
using BK = Int<k_block_k>;
// Copy layout: 256 threads over a (64, 8) smem tile, m fastest, so a warp reads a column of A.
using CopyThreads = Layout<Shape<_32, _8>>;
// Compute layout: 16 x 16 threads over the (64, 64) C tile.
using MathThreads = Layout<Shape<_16, _16>>;

__global__ void __launch_bounds__(k_threads) gemm_f32_kernel(int m, int n, int k, const float* a, const float* b, float* c) {
  // Row-major A is (m, k) with stride (k, 1); row-major B read as (n, k) has stride (1, n).
  Tensor mA = make_tensor(make_gmem_ptr(a), make_shape(m, k), make_stride(k, Int<1>{}));
  Tensor mB = make_tensor(make_gmem_ptr(b), make_shape(n, k), make_stride(Int<1>{}, n));
  Tensor mC = make_tensor(make_gmem_ptr(c), make_shape(m, n), make_stride(n, Int<1>{}));

  auto tiler = make_shape(BM{}, BN{}, BK{});
  auto block = make_coord(blockIdx.x, blockIdx.y, _);
  Tensor gA = local_tile(mA, tiler, block, Step<_1, X, _1>{});  // (BM, BK, k-tiles)
  Tensor gB = local_tile(mB, tiler, block, Step<X, _1, _1>{});  // (BN, BK, k-tiles)
  Tensor gC = local_tile(mC, tiler, block, Step<_1, _1, X>{});  // (BM, BN)

  __shared__ float smem_a[k_block_m * k_block_k];
  __shared__ float smem_b[k_block_n * k_block_k];
  Tensor sA = make_tensor(make_smem_ptr(smem_a), make_layout(make_shape(BM{}, BK{})));
  Tensor sB = make_tensor(make_smem_ptr(smem_b), make_layout(make_shape(BN{}, BK{})));

  Tensor tAgA = local_partition(gA, CopyThreads{}, threadIdx.x);
  Tensor tAsA = local_partition(sA, CopyThreads{}, threadIdx.x);
  Tensor tBgB = local_partition(gB, CopyThreads{}, threadIdx.x);
  Tensor tBsB = local_partition(sB, CopyThreads{}, threadIdx.x);

  Tensor tCsA = local_partition(sA, MathThreads{}, threadIdx.x, Step<_1, X>{});  // (4, BK)
  Tensor tCsB = local_partition(sB, MathThreads{}, threadIdx.x, Step<X, _1>{});  // (4, BK)
  Tensor tCgC = local_partition(gC, MathThreads{}, threadIdx.x, Step<_1, _1>{}); // (4, 4)
  Tensor acc = make_tensor_like(tCgC);
  clear(acc);

  const int k_tiles = size<2>(tAgA);
  for (int t = 0; t < k_tiles; ++t) {
    copy(tAgA(_, _, t), tAsA);
    copy(tBgB(_, _, t), tBsB);
    __syncthreads();
    gemm(tCsA, tCsB, acc);
    __syncthreads();
  }
  copy(acc, tCgC);
}

}  // namespace

cudaError_t launch_gemm_f32(int m, int n, int k, const float* a, const float* b, float* c, cudaStream_t stream) {
  dim3 grid(m / k_block_m, n / k_block_n);
  gemm_f32_kernel<<<grid, k_threads, 0, stream>>>(m, n, k, a, b, c);
#if CUTE_GEMM_CHECK_LAUNCH
  return cudaGetLastError();
#else
  return cudaSuccess;
#endif
}

}  // namespace cute_gemm
