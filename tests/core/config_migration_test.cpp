// SPDX-License-Identifier: Apache-2.0
// One test per migration rule (core/config/build_config.hpp: each rule that fired is recorded), including update-build's edition 5 output.
#include <catch2/catch.hpp>

#include "core/backends.hpp"
#include "core/config/build_config.hpp"
#include "core/error.hpp"

using kb::config::BuildConfig;
using kb::config::Framework;
using kb::config::parse_build_config;
using kb::config::write_edition5;

namespace {

bool has_note(const BuildConfig& c, const std::string& needle) {
  for (const auto& n : c.notes)
    if (n.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("v1: backends are the set of the kernels' backends", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
[torch]
src = ["b.cpp"]
[kernel.a]
depends = ["torch"]
src = ["a.cu"]
[kernel.b]
depends = ["torch"]
src = ["b.cu"]
language = "cuda"
)", "build.toml");
  CHECK(c.backends == std::vector<std::string>{"cuda"});
  CHECK(has_note(c, "general.backends derived"));
}

TEST_CASE("v1: each kernel becomes a cuda kernel with its capabilities", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
[torch]
src = []
[kernel.a]
depends = ["torch"]
src = ["a.cu"]
cuda-capabilities = ["8.0", "9.0a"]
)", "build.toml");
  REQUIRE(c.kernels.size() == 1);
  CHECK(c.kernels[0].backend == "cuda");
  CHECK(c.kernels[0].cuda_capabilities->at(1).value == "9.0a");
  CHECK(c.kernels[0].cuda_flags.empty());
}

TEST_CASE("v1: a cuda-hipify kernel also yields <name>_rocm", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
[torch]
src = []
[kernel.a]
depends = ["torch"]
src = ["a.cu"]
language = "cuda-hipify"
rocm-archs = ["gfx90a"]
)", "build.toml");
  REQUIRE(c.kernels.size() == 2);
  CHECK(c.kernels[1].name == "a_rocm");
  CHECK(c.kernels[1].backend == "rocm");
  CHECK(c.kernels[1].rocm_archs == std::vector<std::string>{"gfx90a"});
  CHECK(c.kernels[1].src[0].value == "a.cu");
  CHECK(c.backends == std::vector<std::string>{"cuda", "rocm"});
}

TEST_CASE("v1: a cuda-hipify expansion that collides is an error", "[config][migration][unit]") {
  const char* text = R"([general]
name = "kk"
[torch]
src = []
[kernel.a_rocm]
depends = ["torch"]
src = ["x.cu"]
[kernel.a]
depends = ["torch"]
src = ["a.cu"]
language = "cuda-hipify"
)";
  // toml++ iterates tables in key order: "a" comes before "a_rocm", so put the clash the other way too.
  bool threw = false;
  try {
    parse_build_config(text, "build.toml");
  } catch (const kb::Error& e) {
    threw = true;
    CHECK(std::string(e.what()).find("existing kernel with name `a_rocm`") != std::string::npos);
  }
  CHECK(threw);
}

TEST_CASE("v1: universal = true becomes torch-noarch with every backend", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "triton-k"
[torch]
universal = true
)", "build.toml");
  CHECK(c.universal);
  CHECK(c.framework == Framework::torch_noarch);
  CHECK(c.backends == kb::backend_names());
}

TEST_CASE("v1: a missing [torch] section is an error", "[config][migration][unit]") {
  CHECK_THROWS_WITH(parse_build_config("[general]\nname = \"kk\"\n", "build.toml"),
                    Catch::Contains("does not have a [torch] section"));
}

TEST_CASE("v1/v2/v3: version defaults to 1 and update-build needs a license", "[config][migration][unit]") {
  BuildConfig c = parse_build_config("[general]\nname = \"kk\"\n[torch]\nsrc = []\n[kernel.a]\nsrc = [\"a.cpp\"]\n"
                                     "depends = []\n", "build.toml");
  CHECK(c.version == 1);
  CHECK(c.license.empty());
  CHECK_THROWS_WITH(write_edition5(c), Catch::Contains("edition 5 requires a license"));
  c.license = "apache-2.0";
  BuildConfig again = parse_build_config(write_edition5(c), "build.toml");
  CHECK(again.source_edition == 5);
  CHECK(again.license == "apache-2.0");
}

TEST_CASE("v2: general.universal means every backend, cuda bounds move to general.cuda", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
universal = true
cuda-minver = "12.4"
[torch]
src = []
)", "build.toml");
  CHECK(c.source_edition == 2);
  CHECK(c.universal);
  CHECK(c.backends.size() == kb::backend_names().size());
  CHECK(c.cuda_minver == "12.4");
  std::string v5 = write_edition5([&] { auto x = c; x.license = "mit"; return x; }());
  CHECK(v5.find("[general.cuda]\nminver = \"12.4\"") != std::string::npos);
  CHECK(v5.find("[torch-noarch]") != std::string::npos);
}

TEST_CASE("v3: no framework table becomes torch-noarch", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
backends = ["cuda"]
license = "mit"
)", "build.toml");
  CHECK(c.source_edition == 3);
  CHECK(c.framework == Framework::torch_noarch);
  CHECK(has_note(c, "no framework table"));
}

TEST_CASE("v4: edition 5 is added and a single stable-abi becomes per-backend", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "kk"
version = 1
license = "mit"
backends = ["cuda", "cpu"]
[torch]
src = []
stable-abi = "2.11"
)", "build.toml");
  CHECK(c.source_edition == 4);
  CHECK(c.stable_abi.at("cuda") == "2.11");
  CHECK(c.stable_abi.at("cpu") == "2.11");
  std::string v5 = write_edition5(c);
  CHECK(v5.find("edition = 5") != std::string::npos);
  CHECK(v5.find("[torch.stable-abi]\ncpu = \"2.11\"\ncuda = \"2.11\"") != std::string::npos);
  CHECK(parse_build_config(v5, "build.toml").source_edition == 5);
}

TEST_CASE("v5: any other edition number is refused", "[config][migration][unit]") {
  CHECK_THROWS_WITH(parse_build_config("[general]\nname = \"kk\"\nedition = 6\n", "build.toml"),
                    Catch::Contains("build.toml:3:11: general.edition: unsupported build edition 6"));
}

TEST_CASE("update-build output of the seed example round-trips", "[config][migration][unit]") {
  BuildConfig c = parse_build_config(R"([general]
name = "relu"
[torch]
src = ["torch-ext/torch_binding.cpp"]
[kernel.activation]
cuda-capabilities = ["8.0"]
src = ["relu_kernel/relu.cu"]
depends = ["torch"]
)", "build.toml");
  c.license = "apache-2.0";
  BuildConfig v5 = parse_build_config(write_edition5(c), "build.toml");
  CHECK(v5.source_edition == 5);
  CHECK(v5.backends == c.backends);
  REQUIRE(v5.kernels.size() == 1);
  CHECK(v5.kernels[0].backend == "cuda");
  CHECK(v5.kernels[0].cuda_capabilities->at(0).value == "8.0");
  CHECK(v5.src[0].value == "torch-ext/torch_binding.cpp");
}
