// SPDX-License-Identifier: Apache-2.0
// The CPU launchers: the same formulas as the CUDA kernels, one loop each.
#include "../pointwise_cuda/pointwise.h"
#include "../pointwise_cuda/pointwise_math.h"

#define POINTWISE_CPU_LAUNCHER(name)                                          \
  void pointwise_##name(const float* x, float* y, int64_t n, void*) {          \
    for (int64_t i = 0; i < n; ++i) y[i] = pw::name(x[i]);                    \
  }
POINTWISE_OPS(POINTWISE_CPU_LAUNCHER)
