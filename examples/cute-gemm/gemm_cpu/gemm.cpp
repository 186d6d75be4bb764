// SPDX-License-Identifier: Apache-2.0
// The CPU variant's GEMM: i-k-j loop order over row-major data, so the inner loop streams B and C.
#include <torch/all.h>

#include "../torch-ext/torch_binding.h"

void gemm(torch::Tensor& out, const torch::Tensor& a, const torch::Tensor& b) {
  TORCH_CHECK(a.device().is_cpu() && b.device().is_cpu() && out.device().is_cpu(), "gemm: CPU tensors expected");
  TORCH_CHECK(a.scalar_type() == torch::kFloat32 && b.scalar_type() == torch::kFloat32 &&
                  out.scalar_type() == torch::kFloat32, "gemm: only float32 is built");
  TORCH_CHECK(a.dim() == 2 && b.dim() == 2 && a.size(1) == b.size(0), "gemm: expects (m, k) @ (k, n)");
  TORCH_CHECK(out.sizes() == torch::IntArrayRef({a.size(0), b.size(1)}) && out.is_contiguous(),
              "gemm: out must be a contiguous (m, n) tensor");
  const torch::Tensor ac = a.contiguous(), bc = b.contiguous();
  const int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  const float* pa = ac.data_ptr<float>();
  const float* pb = bc.data_ptr<float>();
  float* pc = out.data_ptr<float>();
  for (int64_t i = 0; i < m; ++i) {
    float* row = pc + i * n;
    for (int64_t j = 0; j < n; ++j) row[j] = 0.0f;
    for (int64_t p = 0; p < k; ++p) {
      const float av = pa[i * k + p];
      const float* brow = pb + p * n;
      for (int64_t j = 0; j < n; ++j) row[j] += av * brow[j];
    }
  }
}
