// SPDX-License-Identifier: Apache-2.0
#include <torch/library.h>

#include "registration.h"
#include "torch_binding.h"

TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops) {
  ops.def("gemm(Tensor! out, Tensor a, Tensor b) -> ()");
#if defined(CUDA_KERNEL)
  ops.impl("gemm", torch::kCUDA, &gemm);
#elif defined(CPU_KERNEL)
  ops.impl("gemm", torch::kCPU, &gemm);
#endif
}

REGISTER_EXTENSION(TORCH_EXTENSION_NAME)
