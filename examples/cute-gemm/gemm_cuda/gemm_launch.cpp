// SPDX-License-Identifier: Apache-2.0
// The Torch side of the CUDA GEMM: checks, padding to whole tiles, the launch on Torch's stream.
#include <ATen/cuda/CUDAContext.h>
#include <torch/all.h>

#include "cute_gemm/tile.cuh"
#include "gemm_kernel.cuh"
#include "../torch-ext/torch_binding.h"

namespace {

int64_t round_up(int64_t v, int64_t to) { return (v + to - 1) / to * to; }

// Zero rows/columns do not change a product, so a padded problem gives the same C.
torch::Tensor padded(const torch::Tensor& t, int64_t rows, int64_t cols) {
  if (t.size(0) == rows && t.size(1) == cols) return t.contiguous();
  return torch::constant_pad_nd(t, {0, cols - t.size(1), 0, rows - t.size(0)}, 0).contiguous();
}

}  // namespace

void gemm(torch::Tensor& out, const torch::Tensor& a, const torch::Tensor& b) {
  TORCH_CHECK(a.is_cuda() && b.is_cuda() && out.is_cuda(), "gemm: tensors must be on a CUDA device");
  TORCH_CHECK(a.scalar_type() == torch::kFloat32 && b.scalar_type() == torch::kFloat32 &&
                  out.scalar_type() == torch::kFloat32, "gemm: only float32 is built");
  TORCH_CHECK(a.dim() == 2 && b.dim() == 2 && a.size(1) == b.size(0), "gemm: expects (m, k) @ (k, n)");
  TORCH_CHECK(out.sizes() == torch::IntArrayRef({a.size(0), b.size(1)}), "gemm: out must be (m, n)");
  const int64_t m = round_up(a.size(0), cute_gemm::k_block_m);
  const int64_t n = round_up(b.size(1), cute_gemm::k_block_n);
  const int64_t k = round_up(a.size(1), cute_gemm::k_block_k);
  TORCH_CHECK(m <= INT32_MAX && n <= INT32_MAX && k <= INT32_MAX, "gemm: sizes beyond int32");
  if (a.size(0) == 0 || b.size(1) == 0) return;
  const torch::Tensor ap = padded(a, m, k), bp = padded(b, k, n);
  torch::Tensor c = torch::empty({m, n}, a.options());
  cudaError_t err = cute_gemm::launch_gemm_f32(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
                                               ap.data_ptr<float>(), bp.data_ptr<float>(), c.data_ptr<float>(),
                                               at::cuda::getCurrentCUDAStream());
  TORCH_CHECK(err == cudaSuccess, "gemm: kernel launch failed: ", cudaGetErrorString(err));
  out.copy_(c.narrow(0, 0, a.size(0)).narrow(1, 0, b.size(1)));
}
