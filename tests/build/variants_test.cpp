// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "build/matrix.hpp"
#include "build/variants.hpp"
#include "core/config/build_config.hpp"
#include "tests/test_env.hpp"

using namespace kb::build;

namespace {

kb::config::BuildConfig config(const std::string& backends, const std::string& kernels) {
  return kb::config::parse_build_config("[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\n"
                                        "backends = " + backends + "\n[torch]\nsrc = []\n" + kernels, "build.toml");
}

MachineFacts cuda13() {
  MachineFacts m;
  m.cuda_home = "/usr/local/cuda";
  m.nvcc_version = "13.0";
  return m;
}

const std::string k_cuda_cpu = "[kernel.a]\nbackend = \"cuda\"\ndepends = []\nsrc = [\"a.cu\"]\n"
                               "[kernel.b]\nbackend = \"cpu\"\ndepends = []\nsrc = [\"b.cpp\"]\n";

}  // namespace

TEST_CASE("cuda and cpu variants for Torch 2.11-2.13 with nvcc 13.0", "[build][variants]") {
  auto vs = plan_variants(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), cuda13());
  std::vector<std::string> names;
  for (const auto& v : vs) {
    CHECK(v.buildable);
    names.push_back(v.name);
  }
  CHECK(names == std::vector<std::string>{
                     "torch211-cxx11-cu130-x86_64-linux", "torch212-cxx11-cu130-x86_64-linux",
                     "torch213-cxx11-cu130-x86_64-linux", "torch211-cxx11-cpu-x86_64-linux",
                     "torch212-cxx11-cpu-x86_64-linux", "torch213-cxx11-cpu-x86_64-linux"});
  CHECK(vs[0].torch_version == "2.11.0");
  CHECK(!vs[0].required);
  CHECK(vs[1].required);
}

TEST_CASE("a CUDA mismatch between the Torch wheel and nvcc is refused", "[build][variants]") {
  auto vs = plan_variants(config("[\"cuda\"]", k_cuda_cpu.substr(0, k_cuda_cpu.find("[kernel.b]"))), cuda13(),
                          {"2.10"});
  REQUIRE(vs.size() == 1);
  CHECK(!vs[0].buildable);
  CHECK(vs[0].reason.find("built for CUDA 12.8, nvcc here is 13.0") != std::string::npos);
}

TEST_CASE("noarch and unbuildable backends", "[build][variants]") {
  auto vs = plan_variants(config("[\"cuda\", \"rocm\", \"xpu\"]",
                                 "[kernel.r]\nbackend = \"rocm\"\ndepends = []\nsrc = [\"r.cu\"]\n"), cuda13());
  REQUIRE(!vs.empty());
  CHECK(vs[0].name == "torch-cuda");
  CHECK(vs[0].noarch);
  bool rocm_skipped = false;
  for (const auto& v : vs)
    if (v.backend == "rocm") rocm_skipped = !v.buildable && v.reason.find("hipcc") != std::string::npos;
  CHECK(rocm_skipped);
  CHECK(vs.back().name == "torch-xpu");
}

TEST_CASE("the Hub matrix marks what this host can build", "[build][variants]") {
  auto vs = plan_hub_matrix(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), cuda13());
  int buildable = 0;
  for (const auto& v : vs) {
    if (v.buildable) ++buildable;
    if (v.name == "torch212-cxx11-cu126-x86_64-linux") CHECK(v.reason.find("download.pytorch.org") != std::string::npos);
    if (v.name == "torch213-cxx11-cpu-aarch64-darwin") CHECK(v.reason.find("target aarch64-darwin") != std::string::npos);
  }
  CHECK(buildable == 5);  // 2.11 cpu, 2.12/2.13 cu130 and cpu
}

TEST_CASE("the toolkit version is read without running nvcc", "[build][variants]") {
  kb::test::TempDir d;
  kb::test::write_text(d / "bin/nvcc", "");
  kb::test::write_text(d / "include/cuda_runtime_api.h", "#define CUDART_VERSION  12080\n");
  CHECK(probe_machine(d.path()).nvcc_version == "12.8");
  kb::test::write_text(d / "version.json", R"({"cuda_nvcc": {"version": "13.0.88"}})");
  CHECK(probe_machine(d.path()).nvcc_version == "13.0");
  CHECK(compare_versions("2.9", "2.10") < 0);
  CHECK(compare_versions("2.11.0", "2.11") == 0);
}
