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

TEST_CASE("cuda and cpu variants for Torch 2.11-2.15 with nvcc 13.0 and the PyPI toolkits", "[unit][build][variants]") {
  MachineFacts m = cuda13();
  m.pypi_cuda = {"13.0", "13.2"};
  auto vs = plan_variants(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), m);
  std::vector<std::string> names;
  for (const auto& v : vs) {
    CHECK(v.buildable);
    names.push_back(v.name);
  }
  CHECK(names == std::vector<std::string>{
                     "torch211-cxx11-cu130-x86_64-linux", "torch212-cxx11-cu130-x86_64-linux",
                     "torch213-cxx11-cu130-x86_64-linux", "torch214-cxx11-cu130-x86_64-linux",
                     "torch215-cxx11-cu132-x86_64-linux", "torch211-cxx11-cpu-x86_64-linux",
                     "torch212-cxx11-cpu-x86_64-linux", "torch213-cxx11-cpu-x86_64-linux",
                     "torch214-cxx11-cpu-x86_64-linux", "torch215-cxx11-cpu-x86_64-linux"});
  CHECK(vs[0].torch_version == "2.11.0");
  CHECK(!vs[0].required);
  CHECK(vs[1].required);
  CHECK(vs[4].torch_version == "2.15.0");
  CHECK(vs[4].cuda == "13.2");
}

TEST_CASE("without a toolkit for the Torch wheel's CUDA version the variant names the flag that fixes it", "[unit][build][variants]") {
  auto vs = plan_variants(config("[\"cuda\"]", k_cuda_cpu.substr(0, k_cuda_cpu.find("[kernel.b]"))), cuda13(),
                          {"2.10", "2.15"});
  REQUIRE(vs.size() == 2);
  CHECK(!vs[0].buildable);
  CHECK(vs[0].reason.find("no CUDA 12.8 toolkit: the system nvcc is 13.0") != std::string::npos);
  CHECK(vs[0].reason.find("--cuda-home") != std::string::npos);
  CHECK(!vs[1].buildable);
  CHECK(vs[1].name == "torch215-cxx11-cu132-x86_64-linux");
}

TEST_CASE("no system toolkit: every CUDA variant is planned on a PyPI toolkit", "[unit][build][variants]") {
  MachineFacts m;  // what probe_machine("") gives: no nvcc, PyPI's versions
  m.pypi_cuda = {"13.0", "13.2"};
  auto vs = plan_variants(config("[\"cuda\"]", k_cuda_cpu.substr(0, k_cuda_cpu.find("[kernel.b]"))), m,
                          {"2.12", "2.13", "2.14", "2.15"});
  REQUIRE(vs.size() == 4);
  for (const auto& v : vs) CHECK(v.buildable);
  CHECK(vs[3].cuda == "13.2");
  CHECK(probe_machine("").pypi_cuda == std::vector<std::string>{"13.0", "13.2"});
  CHECK(probe_machine("").nvcc_version.empty());
}

TEST_CASE("kb build --torch-index adds the Hub's other CUDA versions as +cuXYZ wheels", "[unit][build][variants]") {
  MachineFacts m;
  m.pypi_cuda = {"13.0", "13.2"};
  m.torch_index = true;
  auto vs = plan_variants(config("[\"cuda\"]", k_cuda_cpu.substr(0, k_cuda_cpu.find("[kernel.b]"))), m, {"2.12"});
  REQUIRE(vs.size() == 3);
  CHECK(vs[0].name == "torch212-cxx11-cu126-x86_64-linux");
  CHECK(!vs[0].buildable);
  CHECK(vs[0].reason.find("no CUDA 12.6 toolkit") != std::string::npos);
  CHECK(vs[1].torch_version == "2.12.1");
  CHECK(vs[1].buildable);
  CHECK(vs[2].name == "torch212-cxx11-cu132-x86_64-linux");
  CHECK(vs[2].torch_version == "2.12.1+cu132");
  CHECK(vs[2].buildable);
}

TEST_CASE("noarch and unbuildable backends", "[unit][build][variants]") {
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

TEST_CASE("the Hub matrix marks what this host can build", "[unit][build][variants]") {
  auto vs = plan_hub_matrix(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), cuda13());
  int buildable = 0;
  for (const auto& v : vs) {
    if (v.buildable) ++buildable;
    if (v.name == "torch212-cxx11-cu126-x86_64-linux") CHECK(v.reason.find("--torch-index") != std::string::npos);
    if (v.name == "torch213-cxx11-cpu-aarch64-darwin") CHECK(v.reason.find("target aarch64-darwin") != std::string::npos);
  }
  CHECK(buildable == 11);  // 2.11/2.12/2.13/2.14 cu130 and cpu, 2.9/2.10/2.15 cpu
  MachineFacts m = cuda13();
  m.pypi_cuda = {"13.0", "13.2"};
  int with_pypi = 0, with_index = 0;
  for (const auto& v : plan_hub_matrix(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), m)) with_pypi += v.buildable;
  CHECK(with_pypi == 12);  // + 2.15 cu132
  m.torch_index = true;
  for (const auto& v : plan_hub_matrix(config("[\"cuda\", \"cpu\"]", k_cuda_cpu), m)) {
    with_index += v.buildable;
    if (v.name == "torch212-cxx11-cu126-x86_64-linux") CHECK(v.reason.find("no CUDA 12.6 toolkit") != std::string::npos);
  }
  CHECK(with_index == 14);  // + 2.12/2.13 cu132 (the Hub's; 2.14/2.15 list only their PyPI wheel's CUDA)
}

TEST_CASE("the toolkit version is read without running nvcc", "[unit][build][variants]") {
  kb::test::TempDir d;
  kb::test::write_text(d / "bin/nvcc", "");
  kb::test::write_text(d / "include/cuda_runtime_api.h", "#define CUDART_VERSION  12080\n");
  CHECK(probe_machine(d.path()).nvcc_version == "12.8");
  kb::test::write_text(d / "version.json", R"({"cuda_nvcc": {"version": "13.0.88"}})");
  CHECK(probe_machine(d.path()).nvcc_version == "13.0");
}
