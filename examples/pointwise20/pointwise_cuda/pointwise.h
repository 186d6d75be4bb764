// SPDX-License-Identifier: Apache-2.0
// The op list (an X-macro) and the launchers each pointwise_cuda/<op>.cu defines. Plain C++:
// the Torch binding includes it without CUDA headers.
#pragma once
#include <cstdint>

#define POINTWISE_OPS(X) \
  X(relu) \
  X(leaky_relu) \
  X(gelu_tanh) \
  X(silu) \
  X(sigmoid) \
  X(tanh) \
  X(softplus) \
  X(elu) \
  X(selu) \
  X(mish) \
  X(hardswish) \
  X(hardsigmoid) \
  X(square) \
  X(cube) \
  X(abs) \
  X(neg) \
  X(reciprocal) \
  X(rsqrt_abs) \
  X(exp) \
  X(log1p_abs)

#define POINTWISE_DECLARE_LAUNCHER(name) \
  void pointwise_##name(const float* x, float* y, int64_t n, void* stream);
POINTWISE_OPS(POINTWISE_DECLARE_LAUNCHER)
#undef POINTWISE_DECLARE_LAUNCHER
