// SPDX-License-Identifier: Apache-2.0
// Built with -mavx512f (kernel.rms_avx512's cxx-flags); reached only through cpu_has_avx512f().
#include <immintrin.h>

#include <cmath>

#include "omp_norm/rms_row.h"

namespace omp_norm {

namespace {

__mmask16 tail_mask(int64_t left) { return static_cast<__mmask16>((1u << left) - 1u); }

}  // namespace

void rms_row_avx512(const float* x, float* out, int64_t n, float eps) {
  __m512 acc = _mm512_setzero_ps();
  int64_t j = 0;
  for (; j + 16 <= n; j += 16) {
    __m512 v = _mm512_loadu_ps(x + j);
    acc = _mm512_fmadd_ps(v, v, acc);
  }
  if (j < n) {
    __m512 v = _mm512_maskz_loadu_ps(tail_mask(n - j), x + j);
    acc = _mm512_fmadd_ps(v, v, acc);
  }
  const float mean = _mm512_reduce_add_ps(acc) / static_cast<float>(n);
  const __m512 scale = _mm512_set1_ps(1.0f / std::sqrt(mean + eps));
  for (j = 0; j + 16 <= n; j += 16) _mm512_storeu_ps(out + j, _mm512_mul_ps(_mm512_loadu_ps(x + j), scale));
  if (j < n) {
    __mmask16 m = tail_mask(n - j);
    _mm512_mask_storeu_ps(out + j, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + j), scale));
  }
}

}  // namespace omp_norm
