// SPDX-License-Identifier: Apache-2.0
// CPU part of the stress kernel: the shared host code compiled by g++.
#include "../stress_common/stress_impl.inc"

#include <torch/torch.h>

std::string failed_checks() { return stress_abi::failed_checks(); }
void throw_error(int64_t kind) { stress_abi::throw_error(kind); }
bool regex_match(const std::string& pattern, const std::string& text) { return stress_abi::regex_match(pattern, text); }

void scale(torch::Tensor& out, const torch::Tensor& x, double s) {
  TORCH_CHECK(x.device().is_cpu() && x.scalar_type() == torch::kFloat, "scale: expects a float CPU tensor");
  out.copy_(x * s);
}
