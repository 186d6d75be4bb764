// SPDX-License-Identifier: Apache-2.0
// aarch64-linux variants planned and compiled with the cross toolchain (docs/cross.md): pure
// planning and command lines, no compiler runs.
#include <catch2/catch.hpp>

#include <algorithm>

#include "build/build.hpp"
#include "build/compile_plan.hpp"
#include "build/toolchain.hpp"
#include "build/variants.hpp"
#include "core/config/build_config.hpp"
#include "core/error.hpp"
#include "tests/build/compile_context_fixture.hpp"

using namespace kb::build;

namespace {

kb::config::BuildConfig relu_config() {
  return kb::config::parse_build_config(
      "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"cuda\", \"cpu\"]\n"
      "[torch]\nsrc = [\"b.cpp\"]\n[kernel.a]\nbackend = \"cuda\"\ndepends = []\nsrc = [\"a.cu\"]\n"
      "[kernel.b]\nbackend = \"cpu\"\ndepends = []\nsrc = [\"k.cpp\"]\n",
      "build.toml");
}

MachineFacts with_cross(std::vector<std::string> cross) {
  MachineFacts m;
  m.cuda_home = "/usr/local/cuda";
  m.nvcc_version = "13.0";
  m.cross_cpus = std::move(cross);
  return m;
}

const PlannedVariant* named(const std::vector<PlannedVariant>& vs, const std::string& name) {
  auto it = std::find_if(vs.begin(), vs.end(), [&](const PlannedVariant& v) { return v.name == name; });
  return it == vs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("a cross g++ adds the aarch64-linux cpu variants", "[build][cross][unit]") {
  auto without = plan_variants(relu_config(), with_cross({}));
  CHECK(named(without, "torch212-cxx11-cpu-aarch64-linux") == nullptr);
  auto vs = plan_variants(relu_config(), with_cross({"aarch64"}));
  CHECK(vs.size() == without.size() * 2);
  for (const char* mm : {"211", "212", "213"}) {
    const PlannedVariant* cpu = named(vs, std::string("torch") + mm + "-cxx11-cpu-aarch64-linux");
    REQUIRE(cpu);
    CHECK(cpu->buildable);
    CHECK(cpu->cpu == "aarch64");
    CHECK(cpu->required == (std::string(mm) != "211"));
  }
  CHECK(named(vs, "torch212-cxx11-cpu-x86_64-linux")->cpu == "x86_64");
}

TEST_CASE("aarch64 CUDA variants need the aarch64 toolkit wheels kb has pins for", "[build][cross][unit]") {
  MachineFacts m = with_cross({"aarch64"});
  auto vs = plan_variants(relu_config(), m);
  const PlannedVariant* cu = named(vs, "torch212-cxx11-cu130-aarch64-linux");
  REQUIRE(cu);
  CHECK_FALSE(cu->buildable);
  CHECK(cu->reason.find("sbsa") != std::string::npos);
  m.pypi_cuda = {"13.0", "13.2"};  // what probe_machine finds: the pins of core/data/matrix.json
  vs = plan_variants(relu_config(), m);
  cu = named(vs, "torch212-cxx11-cu130-aarch64-linux");
  REQUIRE(cu);
  CHECK(cu->buildable);
  CHECK(cu->cpu == "aarch64");
  CHECK(cu->cuda == "13.0");
  CHECK(cu->required);
}

TEST_CASE("the Hub matrix marks aarch64-linux buildable only with a cross g++", "[build][cross][unit]") {
  auto host_only = plan_hub_matrix(relu_config(), with_cross({}));
  const PlannedVariant* a = named(host_only, "torch213-cxx11-cpu-aarch64-linux");
  REQUIRE(a);
  CHECK_FALSE(a->buildable);
  CHECK(a->reason.find("aarch64-linux-gnu-g++") != std::string::npos);
  auto cross = plan_hub_matrix(relu_config(), with_cross({"aarch64"}));
  a = named(cross, "torch213-cxx11-cpu-aarch64-linux");
  REQUIRE(a);
  CHECK(a->buildable);
  CHECK(a->torch_version == "2.13.0");
  const PlannedVariant* darwin = named(cross, "torch213-cpu-aarch64-darwin");
  REQUIRE(darwin);
  CHECK_FALSE(darwin->buildable);
}

TEST_CASE("a cross variant compiles, links and drives nvcc with the cross g++", "[build][cross][unit]") {
  kb::config::BuildConfig cfg = relu_config();
  CompileContext c = kb::test::cuda_context(cfg, "torch211-cxx11-cu130-aarch64-linux");
  c.machine = with_cross({"aarch64"});
  c.toolchain.cpu = "aarch64";
  c.toolchain.prefix = "aarch64-linux-gnu-";
  c.kernel_archs = {{"a", {"9.0"}}};
  c.machine.cuda_home = "/cache/cuda/13.0-aarch64";  // headers and libcudart of the target
  c.nvcc_home = "/usr/local/cuda";                    // the nvcc that runs here
  VariantNinja n = plan_compile(c);
  CHECK(n.cxx == "aarch64-linux-gnu-g++");
  CHECK(n.nvcc == "/usr/local/cuda/bin/nvcc");
  bool target_cudart = false;
  for (const std::string& f : n.link_flags) target_cudart = target_cudart || f == "/cache/cuda/13.0-aarch64/lib64/libcudart.so";
  CHECK(target_cudart);
  for (const CompileUnit& u : n.units)
    if (u.cuda) {
      auto ccbin = std::find(u.flags.begin(), u.flags.end(), "-ccbin");
      REQUIRE(ccbin != u.flags.end());
      CHECK(*(ccbin + 1) == "aarch64-linux-gnu-g++");
      CHECK(std::find(u.flags.begin(), u.flags.end(), "/cache/cuda/13.0-aarch64/include") != u.flags.end());
    }
  std::string text = render_variant_ninja(n);
  CHECK(text.find("\ncxx = aarch64-linux-gnu-g++\n") != std::string::npos);  // the subninja's scope
  std::string top = render_top_ninja(NinjaRules{}, {"/p/.kb-build/v/build.ninja"});
  CHECK(top.find("\ncxx = g++\n") != std::string::npos);
  CHECK(top.find("command = $launch $cxx $flags") != std::string::npos);
  CHECK(top.find("command = $cxx -shared") != std::string::npos);
}

TEST_CASE("toolchains name their tools and loader per machine", "[build][cross][unit]") {
  Toolchain host = host_toolchain();
  CHECK_FALSE(host.cross());
  CHECK(host.cxx() == "g++");
  Toolchain a;
  a.cpu = "aarch64";
  a.prefix = "aarch64-linux-gnu-";
  CHECK(a.cross());
  CHECK(a.tool("objcopy") == "aarch64-linux-gnu-objcopy");
  CHECK(a.ld_so() == "ld-linux-aarch64.so.1");
  CHECK(host.ld_so() == (host.cpu == "x86_64" ? "ld-linux-x86-64.so.2" : "ld-linux-aarch64.so.1"));
  CHECK_FALSE(find_toolchain("riscv64"));
  REQUIRE(find_toolchain(host_cpu()));
  CHECK_FALSE(find_toolchain(host_cpu())->cross());
}

TEST_CASE("kb build's default targets are the host and every machine with a cross g++", "[build][cross][unit]") {
  kb::config::BuildConfig cfg = relu_config();
  Options o;
  o.torch = {"2.12"};
  o.backends = {"cpu"};
  auto names = [&](const MachineFacts& m) {
    std::vector<std::string> out;
    for (const PlannedVariant& p : select_variants(o, cfg, m)) out.push_back(p.name);
    return out;
  };
  CHECK(names(with_cross({})) == std::vector<std::string>{"torch212-cxx11-cpu-x86_64-linux"});
  CHECK(names(with_cross({"aarch64"})) ==
        std::vector<std::string>{"torch212-cxx11-cpu-x86_64-linux", "torch212-cxx11-cpu-aarch64-linux"});
  o.targets = {"x86_64-linux"};  // --target, or $KB_TARGET through the CLI
  CHECK(names(with_cross({"aarch64"})) == std::vector<std::string>{"torch212-cxx11-cpu-x86_64-linux"});
  o.targets = {"aarch64-linux"};
  CHECK(names(with_cross({"aarch64"})) == std::vector<std::string>{"torch212-cxx11-cpu-aarch64-linux"});
  CHECK_THROWS_AS(names(with_cross({})), kb::Error);  // no cross g++: exit 4 with the package to install
}
