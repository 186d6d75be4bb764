#include <torch/all.h>

// out = max(input, 0), element-wise, for contiguous float32 CPU tensors.
void relu(torch::Tensor &out, torch::Tensor const &input) {
  TORCH_CHECK(input.scalar_type() == at::ScalarType::Float, "relu_kernel only supports float32");
  TORCH_CHECK(input.is_contiguous() && out.is_contiguous(), "relu_kernel needs contiguous tensors");
  TORCH_CHECK(out.numel() == input.numel(), "out and input differ in size");
  const float *in = input.data_ptr<float>();
  float *o = out.data_ptr<float>();
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) o[i] = in[i] > 0.0f ? in[i] : 0.0f;
}
