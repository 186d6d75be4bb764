#include <cuda_runtime.h>

#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/function.h>

#include "relu.h"

namespace {

__global__ void relu_kernel(float* __restrict__ out, const float* __restrict__ in, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = fmaxf(in[i], 0.0f);
}

void relu(tvm::ffi::TensorView out, tvm::ffi::TensorView input) {
  relu_check(out, input);
  TVM_FFI_CHECK(input.device().device_type == kDLCUDA, ValueError) << "relu: this build takes CUDA tensors";
  const int64_t n = input.numel();
  if (n == 0) return;
  // The stream the caller's framework set for this device (Torch's current stream under kernels).
  auto stream = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, input.device().device_id));
  const int threads = 256;
  const int64_t blocks = (n + threads - 1) / threads;
  relu_kernel<<<blocks, threads, 0, stream>>>(static_cast<float*>(out.data_ptr()),
                                              static_cast<const float*>(input.data_ptr()), n);
  cudaError_t err = cudaGetLastError();
  TVM_FFI_CHECK(err == cudaSuccess, RuntimeError) << "relu: kernel launch failed: " << cudaGetErrorString(err);
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(relu, relu);
