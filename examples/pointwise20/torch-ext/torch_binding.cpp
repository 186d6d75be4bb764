// SPDX-License-Identifier: Apache-2.0
// One op per pointwise function: `<name>(Tensor! out, Tensor x) -> ()` on contiguous float32.
#include <torch/all.h>
#include <torch/library.h>

#include "pointwise.h"
#include "registration.h"

#if defined(CUDA_KERNEL)
#include <c10/cuda/CUDAStream.h>
#endif

namespace {

void check(const torch::Tensor& out, const torch::Tensor& x) {
  TORCH_CHECK(x.scalar_type() == torch::kFloat && out.scalar_type() == torch::kFloat, "pointwise20: float32 only");
  TORCH_CHECK(x.is_contiguous() && out.is_contiguous(), "pointwise20: contiguous tensors only");
  TORCH_CHECK(x.numel() == out.numel() && x.device() == out.device(), "pointwise20: out must match x");
}

void* stream() {
#if defined(CUDA_KERNEL)
  return c10::cuda::getCurrentCUDAStream().stream();
#else
  return nullptr;
#endif
}

#define POINTWISE_OP(name)                                                              \
  void op_##name(torch::Tensor& out, const torch::Tensor& x) {                          \
    check(out, x);                                                                      \
    pointwise_##name(x.data_ptr<float>(), out.data_ptr<float>(), x.numel(), stream());  \
  }
POINTWISE_OPS(POINTWISE_OP)
#undef POINTWISE_OP

}  // namespace

TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops) {
#if defined(CUDA_KERNEL)
#define POINTWISE_REGISTER(name) \
  ops.def(#name "(Tensor! out, Tensor x) -> ()"); \
  ops.impl(#name, torch::kCUDA, &op_##name);
#else
#define POINTWISE_REGISTER(name) \
  ops.def(#name "(Tensor! out, Tensor x) -> ()"); \
  ops.impl(#name, torch::kCPU, &op_##name);
#endif
  POINTWISE_OPS(POINTWISE_REGISTER)
#undef POINTWISE_REGISTER
}

REGISTER_EXTENSION(TORCH_EXTENSION_NAME)
