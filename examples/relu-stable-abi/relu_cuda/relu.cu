#include <cuda_runtime.h>

#include <torch/csrc/inductor/aoti_torch/c/shim.h>
#include <torch/csrc/stable/tensor.h>
#include <torch/headeronly/core/ScalarType.h>
#include <torch/headeronly/util/Exception.h>

#include "torch_binding.h"

namespace {

__global__ void relu_kernel(float* __restrict__ out, const float* __restrict__ in, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = fmaxf(in[i], 0.0f);
}

}  // namespace

void relu(torch::stable::Tensor& out, const torch::stable::Tensor& input) {
  STD_TORCH_CHECK(input.scalar_type() == torch::headeronly::ScalarType::Float, "relu: input must be float32");
  STD_TORCH_CHECK(out.scalar_type() == torch::headeronly::ScalarType::Float, "relu: out must be float32");
  STD_TORCH_CHECK(input.is_contiguous() && out.is_contiguous(), "relu: tensors must be contiguous");
  STD_TORCH_CHECK(input.numel() == out.numel(), "relu: out and input differ in size");
  const int64_t n = input.numel();
  if (n == 0) return;
  // The caller's current stream, through the C shim (the stable ABI has no c10::cuda).
  void* stream = nullptr;
  TORCH_ERROR_CODE_CHECK(aoti_torch_get_current_cuda_stream(input.get_device_index(), &stream));
  const int threads = 256;
  const int64_t blocks = (n + threads - 1) / threads;
  relu_kernel<<<blocks, threads, 0, static_cast<cudaStream_t>(stream)>>>(
      out.mutable_data_ptr<float>(), input.const_data_ptr<float>(), n);
  cudaError_t err = cudaGetLastError();
  STD_TORCH_CHECK(err == cudaSuccess, "relu: kernel launch failed: ", cudaGetErrorString(err));
}
