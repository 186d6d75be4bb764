// SPDX-License-Identifier: Apache-2.0
#include <torch/library.h>

#include "registration.h"
#include "torch_binding.h"

TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops) {
  ops.def("rms_norm_rows(Tensor! out, Tensor x, float eps) -> ()");
  ops.impl("rms_norm_rows", torch::kCPU, &rms_norm_rows);
  // No tensor arguments: registered for every dispatch key.
  ops.def("openmp_threads() -> int", &openmp_threads);
  ops.def("simd_width() -> int", &simd_width);
}

REGISTER_EXTENSION(TORCH_EXTENSION_NAME)
