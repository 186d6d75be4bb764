// SPDX-License-Identifier: Apache-2.0
// y = relu(x), one thread per element, on the caller's stream.
#include <cuda_runtime.h>

#include "pointwise.h"
#include "pointwise_math.h"

namespace {

__global__ void relu_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t n) {
  int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) y[i] = pw::relu(x[i]);
}

}  // namespace

void pointwise_relu(const float* x, float* y, int64_t n, void* stream) {
  if (n == 0) return;
  unsigned blocks = static_cast<unsigned>((n + 255) / 256);
  relu_kernel<<<blocks, 256, 0, static_cast<cudaStream_t>(stream)>>>(x, y, n);
}
