// SPDX-License-Identifier: Apache-2.0
// Every build.toml edition parses into the edition 5 model.
#include <catch2/catch.hpp>

#include "core/config/build_config.hpp"

using kb::config::BuildConfig;
using kb::config::Framework;
using kb::config::parse_build_config;

namespace {

const char* k_seed = R"([general]
name = "relu"

[torch]
src = [
  "torch-ext/torch_binding.cpp",
  "torch-ext/torch_binding.h"
]

[kernel.activation]
cuda-capabilities = [ "7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0" ]
src = [
  "relu_kernel/relu.cu",
]
depends = [ "torch" ]
)";

}  // namespace

TEST_CASE("seed format (v1) parses", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(k_seed, "build.toml");
  CHECK(c.source_edition == 1);
  CHECK(c.name == "relu");
  CHECK(c.framework == Framework::torch);
  REQUIRE(c.src.size() == 2);
  CHECK(c.src[0].value == "torch-ext/torch_binding.cpp");
  CHECK(c.src[0].pos.line == 6);
  REQUIRE(c.kernels.size() == 1);
  CHECK(c.kernels[0].name == "activation");
  CHECK(c.kernels[0].backend == "cuda");
  REQUIRE(c.kernels[0].cuda_capabilities);
  CHECK(c.kernels[0].cuda_capabilities->size() == 8);
  CHECK(c.pyext == std::vector<std::string>{"py", "pyi"});
}

TEST_CASE("edition 2 parses (per-kernel backend)", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "relu"
python-depends = ["einops"]

[torch]
src = ["torch-ext/b.cpp"]
minver = "2.5"

[kernel.relu]
backend = "cuda"
cuda-capabilities = ["8.0"]
cuda-flags = ["-lineinfo"]
depends = ["torch"]
src = ["relu.cu"]

[kernel.relu_cpu]
backend = "cpu"
depends = ["torch"]
src = ["relu.cpp"]
)", "build.toml");
  CHECK(c.source_edition == 2);
  CHECK(c.backends == std::vector<std::string>{"cpu", "cuda"});
  CHECK(c.torch_minver == "2.5");
  CHECK(c.python_depends == std::vector<std::string>{"einops"});
  REQUIRE(c.kernels.size() == 2);
  CHECK(c.kernels[0].cuda_flags == std::vector<std::string>{"-lineinfo"});
}

TEST_CASE("edition 3 parses (general.backends, general.cuda)", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "relu"
backends = ["cuda", "cpu"]

[general.cuda]
minver = "12.6"

[general.hub]
repo-id = "org/relu"

[torch]
src = ["torch-ext/b.cpp"]

[kernel.relu]
backend = "cuda"
depends = ["torch"]
src = ["relu.cu"]
)", "build.toml");
  CHECK(c.source_edition == 3);
  CHECK(c.cuda_minver == "12.6");
  CHECK(c.hub_repo_id == "org/relu");
  CHECK(!c.kernels[0].cuda_capabilities);
  CHECK(c.compiles_backend("cuda"));
  CHECK(!c.compiles_backend("cpu"));
}

TEST_CASE("edition 4 parses (mandatory version and license)", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "relu"
version = 2
license = "apache-2.0"
backends = ["cpu"]

[torch]
src = ["torch-ext/b.cpp"]
cxx-flags = ["-O2"]

[kernel.relu]
backend = "cpu"
depends = ["torch"]
src = ["relu.cpp"]
)", "build.toml");
  CHECK(c.source_edition == 4);
  CHECK(c.version == 2);
  CHECK(c.license == "apache-2.0");
  CHECK(c.cxx_flags == std::vector<std::string>{"-O2"});
}

TEST_CASE("edition 5 parses (edition, kernel-depends, stable-abi table, tvm-ffi)", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "my-relu"
version = 3
license = "mit"
edition = 5
backends = ["cuda", "cpu", "xpu"]
kernel-depends = [{ repo-id = "org/dep", version = 1 }, { repo-id = "org/other", revision = "main" }]

[general.tpu]
python-depends = []

[torch]
src = ["torch-ext/b.cpp"]

[torch.stable-abi]
cuda = "2.11"

[kernel.relu]
backend = "cuda"
depends = ["torch", "cutlass_3_9"]
src = ["relu.cu"]
)", "build.toml");
  CHECK(c.source_edition == 5);
  CHECK(c.python_name() == "my_relu");
  REQUIRE(c.kernel_depends.size() == 2);
  CHECK(c.kernel_depends[0].version == 1);
  CHECK(c.kernel_depends[1].revision == "main");
  CHECK(c.stable_abi.at("cuda") == "2.11");
  CHECK(c.stable_abi.count("cpu") == 0);
  CHECK(c.notes.empty());

  BuildConfig t = parse_build_config(R"([general]
name = "tvm-relu"
version = 1
license = "mit"
edition = 5
backends = ["cpu"]

[tvm-ffi]
src = ["tvm/relu.cpp"]
)", "build.toml");
  CHECK(t.framework == Framework::tvm_ffi);
}

TEST_CASE("edition 5 torch-noarch accepts upstream's snake_case keys", "[config][edition][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "triton-relu"
version = 1
license = "mit"
edition = 5
backends = ["cuda", "xpu"]

[torch-noarch]
cuda_capabilities = ["9.0"]
)", "build.toml");
  CHECK(c.framework == Framework::torch_noarch);
  CHECK(c.noarch_cuda_capabilities == std::vector<std::string>{"9.0"});
  CHECK(!c.compiles_backend("cuda"));
}
