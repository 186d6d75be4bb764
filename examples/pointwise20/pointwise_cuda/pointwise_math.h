// SPDX-License-Identifier: Apache-2.0
// The 20 element-wise functions, shared by the CUDA kernels and the CPU loop so both
// backends compute the same formula.
#pragma once
#include <math.h>

#if defined(__CUDACC__)
#define PW_FN __host__ __device__ inline
#else
#define PW_FN inline
#endif

namespace pw {

PW_FN float relu(float v) { return v > 0.f ? v : 0.f; }
PW_FN float leaky_relu(float v) { return v > 0.f ? v : 0.01f * v; }
PW_FN float gelu_tanh(float v) { return 0.5f * v * (1.f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v))); }
PW_FN float silu(float v) { return v / (1.f + expf(-v)); }
PW_FN float sigmoid(float v) { return 1.f / (1.f + expf(-v)); }
PW_FN float tanh(float v) { return tanhf(v); }
PW_FN float softplus(float v) { return v > 20.f ? v : log1pf(expf(v)); }
PW_FN float elu(float v) { return v > 0.f ? v : expm1f(v); }
PW_FN float selu(float v) { return 1.0507009873f * (v > 0.f ? v : 1.6732632423f * expm1f(v)); }
PW_FN float mish(float v) { return v * tanhf(v > 20.f ? v : log1pf(expf(v))); }
PW_FN float hardswish(float v) { return v * fminf(fmaxf(v + 3.f, 0.f), 6.f) / 6.f; }
PW_FN float hardsigmoid(float v) { return fminf(fmaxf(v + 3.f, 0.f), 6.f) / 6.f; }
PW_FN float square(float v) { return v * v; }
PW_FN float cube(float v) { return v * v * v; }
PW_FN float abs(float v) { return fabsf(v); }
PW_FN float neg(float v) { return -v; }
PW_FN float reciprocal(float v) { return 1.f / v; }
// rsqrtf is a device intrinsic; host code (the CPU backend, g++) spells it out.
PW_FN float rsqrt_abs(float v) {
#if defined(__CUDA_ARCH__)
  return rsqrtf(fabsf(v));
#else
  return 1.f / sqrtf(fabsf(v));
#endif
}
PW_FN float exp(float v) { return expf(v); }
PW_FN float log1p_abs(float v) { return log1pf(fabsf(v)); }

}  // namespace pw
