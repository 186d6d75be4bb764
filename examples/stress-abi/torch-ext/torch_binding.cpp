// SPDX-License-Identifier: Apache-2.0
// Ops without tensor arguments get catch-all kernels (def with a function), so one binding
// serves the CPU and the CUDA variant; scale dispatches on the tensor's device itself.
#include <torch/library.h>

#include "registration.h"
#include "torch_binding.h"

TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops) {
  ops.def("failed_checks() -> str", &failed_checks);
  ops.def("throw_error(int kind) -> ()", &throw_error);
  ops.def("regex_match(str pattern, str text) -> bool", &regex_match);
  ops.def("scale(Tensor! out, Tensor x, float s) -> ()", &scale);
}

REGISTER_EXTENSION(TORCH_EXTENSION_NAME)
