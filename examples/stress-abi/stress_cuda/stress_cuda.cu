// SPDX-License-Identifier: Apache-2.0
// CUDA part of the stress kernel: the same host code compiled through nvcc's host path, plus a
// device kernel, so the compat layer is proven on nvcc-generated host stubs too.
#include <cuda_runtime.h>

#include "../stress_common/stress_impl.inc"

namespace {
__global__ void scale_kernel(float* out, const float* in, float s, long n) {
  long i = blockIdx.x * static_cast<long>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = in[i] * s;
}
}  // namespace

namespace stress_abi {
// Scales n floats on the device; throws std::runtime_error with CUDA's message on failure.
void scale_device(float* out, const float* in, float s, long n, cudaStream_t stream) {
  if (n == 0) return;
  scale_kernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, stream>>>(out, in, s, n);
  cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) throw std::runtime_error(std::string("stress_abi: scale launch: ") + cudaGetErrorString(e));
}
}  // namespace stress_abi

#include <torch/torch.h>
#include <c10/cuda/CUDAStream.h>

std::string failed_checks() { return stress_abi::failed_checks(); }
void throw_error(int64_t kind) { stress_abi::throw_error(kind); }
bool regex_match(const std::string& pattern, const std::string& text) { return stress_abi::regex_match(pattern, text); }

void scale(torch::Tensor& out, const torch::Tensor& x, double s) {
  TORCH_CHECK(x.scalar_type() == torch::kFloat && x.is_contiguous() && out.is_contiguous(), "scale: contiguous float");
  if (!x.is_cuda()) {
    out.copy_(x * s);
    return;
  }
  stress_abi::scale_device(out.data_ptr<float>(), x.data_ptr<float>(), static_cast<float>(s), x.numel(),
                           c10::cuda::getCurrentCUDAStream());
}
