// SPDX-License-Identifier: Apache-2.0
// The rows are split across OpenMP threads; each row is computed by one thread with one routine,
// so the result does not depend on the thread count.
#include <omp.h>
#include <torch/all.h>

#include "omp_norm/rms_row.h"
#include "../torch-ext/torch_binding.h"

namespace {

omp_norm::RowFn row_routine() {
  static const omp_norm::RowFn fn = omp_norm::cpu_has_avx512f() ? &omp_norm::rms_row_avx512 : &omp_norm::rms_row_generic;
  return fn;
}

}  // namespace

void rms_norm_rows(torch::Tensor& out, const torch::Tensor& x, double eps) {
  TORCH_CHECK(x.device().is_cpu() && x.scalar_type() == torch::kFloat32, "rms_norm_rows: x must be a float32 CPU tensor");
  TORCH_CHECK(x.dim() >= 1 && x.size(-1) > 0, "rms_norm_rows: x needs a non-empty last dimension");
  TORCH_CHECK(out.sizes() == x.sizes() && out.is_contiguous() && out.scalar_type() == torch::kFloat32,
              "rms_norm_rows: out must be a contiguous float32 tensor shaped like x");
  const torch::Tensor xc = x.contiguous();
  const int64_t n = xc.size(-1);
  const int64_t rows = xc.numel() / n;
  const float* src = xc.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  const omp_norm::RowFn fn = row_routine();
  const float e = static_cast<float>(eps);
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) fn(src + r * n, dst + r * n, n, e);
}

int64_t openmp_threads() {
  int threads = 0;
#pragma omp parallel
  {
#pragma omp single
    threads = omp_get_num_threads();
  }
  return threads;
}

int64_t simd_width() { return row_routine() == &omp_norm::rms_row_avx512 ? 16 : 1; }
