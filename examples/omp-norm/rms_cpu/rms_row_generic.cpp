// SPDX-License-Identifier: Apache-2.0
#include <cmath>

#include "omp_norm/rms_row.h"

namespace omp_norm {

void rms_row_generic(const float* x, float* out, int64_t n, float eps) {
  double sum = 0.0;  // double: the portable path should not lose to the reference on long rows
  for (int64_t j = 0; j < n; ++j) sum += static_cast<double>(x[j]) * x[j];
  const float scale = static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + eps));
  for (int64_t j = 0; j < n; ++j) out[j] = x[j] * scale;
}

}  // namespace omp_norm
