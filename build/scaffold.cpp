// SPDX-License-Identifier: Apache-2.0
#include "build/scaffold.hpp"

#include <algorithm>
#include <map>

#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "core/metadata.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

const char* k_cuda = R"kb(#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <torch/all.h>

__global__ void relu_kernel(float *__restrict__ out, float const *__restrict__ in, int64_t n) {
  int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

void relu(torch::Tensor &out, torch::Tensor const &input) {
  TORCH_CHECK(input.scalar_type() == at::ScalarType::Float, "relu only supports float32");
  TORCH_CHECK(input.is_contiguous() && out.is_contiguous(), "relu needs contiguous tensors");
  int64_t n = input.numel();
  if (n == 0) return;
  const at::cuda::OptionalCUDAGuard device_guard(device_of(input));
  const cudaStream_t stream = at::cuda::getCurrentCUDAStream();
  relu_kernel<<<(n + 255) / 256, 256, 0, stream>>>(out.data_ptr<float>(), input.data_ptr<float>(), n);
}
)kb";

const char* k_cpu = R"kb(#include <torch/all.h>

void relu(torch::Tensor &out, torch::Tensor const &input) {
  TORCH_CHECK(input.scalar_type() == at::ScalarType::Float, "relu only supports float32");
  TORCH_CHECK(input.is_contiguous() && out.is_contiguous(), "relu needs contiguous tensors");
  const float *in = input.data_ptr<float>();
  float *o = out.data_ptr<float>();
  for (int64_t i = 0, n = input.numel(); i < n; ++i) o[i] = in[i] > 0.0f ? in[i] : 0.0f;
}
)kb";

const char* k_binding_h = "#pragma once\n\n#include <torch/all.h>\n\nvoid relu(torch::Tensor &out, torch::Tensor const &input);\n";

const char* k_binding_cpp = R"kb(#include <torch/library.h>

#include "registration.h"
#include "torch_binding.h"

TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops) {
  ops.def("relu(Tensor! out, Tensor input) -> ()");
#if defined(CUDA_KERNEL)
  ops.impl("relu", torch::kCUDA, &relu);
#elif defined(CPU_KERNEL)
  ops.impl("relu", torch::kCPU, &relu);
#endif
}

REGISTER_EXTENSION(TORCH_EXTENSION_NAME)
)kb";

const char* k_init = R"kb(from typing import Optional

import torch

from ._ops import ops


def relu(x: torch.Tensor, out: Optional[torch.Tensor] = None) -> torch.Tensor:
    if out is None:
        out = torch.empty_like(x)
    ops.relu(out, x)
    return out
)kb";

const char* k_test = R"kb(# Run with: python -m pytest tests/ (after `kb build`), or load with kernels.get_local_kernel.
from pathlib import Path

import torch
from kernels import get_local_kernel


def test_relu_cpu():
    kernel = get_local_kernel(Path(__file__).parent.parent, backend="cpu")
    x = torch.randn(4, 33)
    assert torch.equal(kernel.relu(x), torch.relu(x))
)kb";

std::string build_toml(const ScaffoldOptions& o, const std::string& name) {
  std::string backends, kernels;
  for (const std::string& b : o.backends) {
    backends += (backends.empty() ? "\"" : ", \"") + b + "\"";
    std::string src = b == "cuda" ? "relu_cuda/relu.cu" : "relu_cpu/relu.cpp";
    kernels += "\n[kernel.relu_" + b + "]\nbackend = \"" + b + "\"\ndepends = [\"torch\"]\nsrc = [\"" + src + "\"]\n";
  }
  return "[general]\nname = \"" + name + "\"\nversion = 1\nlicense = \"" + o.license + "\"\nedition = 5\nbackends = [" +
         backends + "]\n\n[general.hub]\nrepo-id = \"" + o.repo_id + "\"\n\n[torch]\n"
         "src = [\"torch-ext/torch_binding.cpp\", \"torch-ext/torch_binding.h\"]\n" + kernels;
}

}  // namespace

std::vector<fs::path> scaffold(const ScaffoldOptions& o) {
  size_t slash = o.repo_id.find('/');
  std::string name = slash == std::string::npos ? o.repo_id : o.repo_id.substr(slash + 1);
  if (slash == std::string::npos || slash == 0 || o.repo_id.find('/', slash + 1) != std::string::npos)
    throw Error(ErrorKind::usage, "--name \"" + o.repo_id + "\" is not a Hub repo id", "write it as org/name, e.g. my-org/relu");
  if (!is_valid_kernel_name(name))
    throw Error(ErrorKind::usage, "kernel name \"" + name + "\" is invalid",
                "start with a-z, use a-z, 0-9 and '-', at least 2 characters");
  for (const std::string& b : o.backends)
    if (b != "cuda" && b != "cpu")
      throw Error(ErrorKind::usage, "kb init cannot scaffold backend \"" + b + "\"", "use --backends cuda,cpu");
  if (o.backends.empty()) throw Error(ErrorKind::usage, "no backends", "use --backends cuda,cpu");
  if (fs::exists(o.dir / "build.toml"))
    throw Error(ErrorKind::bad_input, (o.dir / "build.toml").string() + " already exists", "kb init writes a new project");
  std::string module = replace_all(name, "-", "_");
  std::map<fs::path, std::string> files{
      {"build.toml", build_toml(o, name)},
      {"torch-ext/torch_binding.h", k_binding_h},
      {"torch-ext/torch_binding.cpp", k_binding_cpp},
      {fs::path("torch-ext") / module / "__init__.py", k_init},
      {fs::path("tests") / ("test_" + module + ".py"), k_test}};
  if (std::count(o.backends.begin(), o.backends.end(), "cuda")) files["relu_cuda/relu.cu"] = k_cuda;
  if (std::count(o.backends.begin(), o.backends.end(), "cpu")) files["relu_cpu/relu.cpp"] = k_cpu;
  std::vector<fs::path> written;
  for (const auto& [rel, text] : files) {
    fs::create_directories((o.dir / rel).parent_path());
    write_file_atomic(o.dir / rel, text);
    written.push_back(rel);
  }
  return written;
}

}  // namespace kb::build
