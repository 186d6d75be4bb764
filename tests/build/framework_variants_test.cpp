// SPDX-License-Identifier: Apache-2.0
// Planning of [torch.stable-abi] and [tvm-ffi] projects (docs/frameworks.md): one variant per
// backend, named by the framework's version, not one per Torch release.
#include <catch2/catch.hpp>

#include "build/compile_plan.hpp"
#include "build/tvm_ffi_toolchain.hpp"
#include "build/variants.hpp"
#include "core/config/build_config.hpp"

using namespace kb::build;

namespace {

const char* k_head = "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\n";
const std::string k_kernels = "[kernel.a]\nbackend = \"cuda\"\ndepends = []\nsrc = [\"a.cu\"]\n"
                              "[kernel.b]\nbackend = \"cpu\"\ndepends = []\nsrc = [\"b.cpp\"]\n";

kb::config::BuildConfig parse(const std::string& text) {
  return kb::config::parse_build_config(k_head + text + k_kernels, "build.toml");
}

MachineFacts nvcc(const std::string& version) {
  MachineFacts m;
  if (!version.empty()) m.cuda_home = "/usr/local/cuda", m.nvcc_version = version;
  return m;
}

std::vector<std::string> names(const std::vector<PlannedVariant>& vs, bool buildable_only = true) {
  std::vector<std::string> out;
  for (const auto& v : vs)
    if (v.buildable || !buildable_only) out.push_back(v.name);
  return out;
}

}  // namespace

TEST_CASE("stable-ABI backends get one variant each, other backends one per Torch release", "[build][variants][unit]") {
  auto cfg = parse("backends = [\"cuda\", \"cpu\"]\n[torch]\nsrc = []\n[torch.stable-abi]\ncuda = \"2.11\"\n");
  auto vs = plan_variants(cfg, nvcc("13.0"));
  CHECK(names(vs) == std::vector<std::string>{"torch-stable-abi211-cu130-x86_64-linux", "torch211-cxx11-cpu-x86_64-linux",
                                              "torch212-cxx11-cpu-x86_64-linux", "torch213-cxx11-cpu-x86_64-linux",
                                              "torch214-cxx11-cpu-x86_64-linux", "torch215-cxx11-cpu-x86_64-linux"});
  REQUIRE(!vs.empty());
  CHECK(vs[0].stable_abi == "2.11");
  CHECK(vs[0].torch_version == "2.11.0");  // the headers of the targeted release, not the newest
  CHECK(vs[0].variant.shape == kb::Variant::Shape::stable_abi);
  // No nvcc: the CUDA stable-ABI variant is listed, not buildable.
  auto none = plan_variants(cfg, nvcc(""));
  CHECK(!none[0].buildable);
  CHECK(none[0].reason.find("nvcc") != std::string::npos);
}

TEST_CASE("stable-ABI and tvm-ffi CUDA variants are planned once per CUDA toolkit kb has or provisions", "[build][variants][unit]") {
  MachineFacts m = nvcc("13.0");
  m.pypi_cuda = {"13.0", "13.2"};
  for (const char* table : {"[torch]\nsrc = []\n[torch.stable-abi]\ncuda = \"2.11\"\n", "[tvm-ffi]\nsrc = [\"b.h\"]\n"}) {
    auto cfg = parse(std::string("backends = [\"cuda\"]\n") + table);
    auto vs = plan_variants(cfg, m);
    INFO(table);
    REQUIRE(vs.size() == 2);
    CHECK(vs[0].cuda == "13.0");
    CHECK(vs[1].cuda == "13.2");
    CHECK(vs[1].name.find("-cu132-x86_64-linux") != std::string::npos);
    CHECK((vs[0].buildable && vs[1].buildable));
    // With no system nvcc, both still come from PyPI's toolkits.
    MachineFacts bare;
    bare.pypi_cuda = m.pypi_cuda;
    CHECK(names(plan_variants(cfg, bare)) == names(vs));
    // general.cuda bounds cut the list.
    auto capped = plan_variants(parse(std::string("backends = [\"cuda\"]\n[general.cuda]\nmaxver = \"13.0\"\n") + table), m);
    CHECK(names(capped) == std::vector<std::string>{vs[0].name});
  }
}

TEST_CASE("a stable-ABI target newer than any Torch kb provisions is not buildable", "[build][variants][unit]") {
  auto vs = plan_variants(parse("backends = [\"cpu\"]\n[torch]\nsrc = []\nstable-abi = \"2.99\"\n"), nvcc("13.0"));
  REQUIRE(vs.size() == 1);
  CHECK(vs[0].name == "torch-stable-abi299-cpu-x86_64-linux");
  CHECK(!vs[0].buildable);
  CHECK(vs[0].reason.find("2.99") != std::string::npos);
}

TEST_CASE("tvm-ffi projects get one variant per backend named by the tvm-ffi release", "[build][variants][unit]") {
  auto cfg = parse("backends = [\"cuda\", \"cpu\"]\n[tvm-ffi]\nsrc = [\"b.h\"]\n");
  auto vs = plan_variants(cfg, nvcc("13.0"));
  CHECK(names(vs) == std::vector<std::string>{"tvm-ffi01-cu130-x86_64-linux", "tvm-ffi01-cpu-x86_64-linux"});
  CHECK(vs[0].tvm_ffi == k_tvm_ffi_version);
  CHECK(vs[0].torch_version.empty());
  CHECK(cfg.ext_dir() == "tvm-ffi-ext");
}

TEST_CASE("kb variants --all lists framework variants per system, none required", "[build][variants][unit]") {
  auto cfg = parse("backends = [\"cuda\", \"cpu\"]\n[torch]\nsrc = []\nstable-abi = \"2.11\"\n");
  auto all = plan_hub_matrix(cfg, nvcc("13.0"));
  auto listed = names(all, false);
  for (const char* n : {"torch-stable-abi211-cu126-x86_64-linux", "torch-stable-abi211-cu130-x86_64-linux",
                        "torch-stable-abi211-cu130-aarch64-linux", "torch-stable-abi211-cpu-x86_64-linux",
                        "torch-stable-abi211-cpu-aarch64-darwin"}) {
    INFO(n);
    CHECK(std::count(listed.begin(), listed.end(), n) == 1);
  }
  CHECK(names(all) == std::vector<std::string>{"torch-stable-abi211-cu130-x86_64-linux", "torch-stable-abi211-cpu-x86_64-linux"});
  for (const auto& v : all) CHECK(!v.required);
  auto tvm = names(plan_hub_matrix(parse("backends = [\"cpu\"]\n[tvm-ffi]\nsrc = [\"b.h\"]\n"), nvcc("13.0")), false);
  CHECK(std::count(tvm.begin(), tvm.end(), "tvm-ffi01-cpu-x86_64-linux") == 1);
  CHECK(std::count(tvm.begin(), tvm.end(), "tvm-ffi01-cpu-aarch64-darwin") == 1);
}

TEST_CASE("TORCH_TARGET_VERSION encodes major and minor in the top bytes", "[build][unit]") {
  CHECK(torch_target_version("2.11") == "0x020b000000000000");
  CHECK(torch_target_version("2.9") == "0x0209000000000000");
  CHECK(torch_target_version("3.0") == "0x0300000000000000");
}
