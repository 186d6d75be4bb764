// SPDX-License-Identifier: Apache-2.0
// The CompileContext the planning tests start from: a Torch 2.11 CUDA variant of a project in /p,
// the system CUDA 13.0 toolkit; each test changes what it is about.
#pragma once
#include <string>

#include "build/compile_plan.hpp"
#include "core/config/build_config.hpp"

namespace kb::test {

inline build::CompileContext cuda_context(const config::BuildConfig& cfg, const std::string& variant) {
  build::CompileContext c;
  c.config = &cfg;
  c.project = "/p";
  c.variant.backend = "cuda";
  c.variant.name = variant;
  c.torch.version = "2.11.0";
  c.torch.root = "/t/torch";
  c.machine.cuda_home = "/usr/local/cuda";
  c.machine.nvcc_version = "13.0";
  c.ops_id = "_relu_cuda_x";
  c.work = "/p/.kb-build/v";
  c.python_include = "/py";
  return c;
}

}  // namespace kb::test
