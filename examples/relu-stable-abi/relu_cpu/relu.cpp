#include <torch/csrc/stable/tensor.h>
#include <torch/headeronly/core/ScalarType.h>
#include <torch/headeronly/util/Exception.h>

#include "torch_binding.h"

void relu(torch::stable::Tensor& out, const torch::stable::Tensor& input) {
  STD_TORCH_CHECK(input.scalar_type() == torch::headeronly::ScalarType::Float, "relu: input must be float32");
  STD_TORCH_CHECK(out.scalar_type() == torch::headeronly::ScalarType::Float, "relu: out must be float32");
  STD_TORCH_CHECK(input.is_contiguous() && out.is_contiguous(), "relu: tensors must be contiguous");
  STD_TORCH_CHECK(input.numel() == out.numel(), "relu: out and input differ in size");
  const float* in = input.const_data_ptr<float>();
  float* o = out.mutable_data_ptr<float>();
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) o[i] = in[i] > 0.0f ? in[i] : 0.0f;
}
