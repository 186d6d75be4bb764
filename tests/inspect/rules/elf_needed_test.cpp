// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.needed allows the whitelist, Torch and the variant's cudart", "[inspect][elf.needed][unit]") {
  auto so = so_named("build/torch212-cxx11-cu126-x86_64-linux/_k.abi3.so");
  so.needed = {"libc.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libm.so.6", "ld-linux-x86-64.so.2", "libtorch.so", "libtorch_cuda.so",
               "libc10.so", "libc10_cuda.so", "libcudart.so.12"};
  CHECK(run_rule("elf.needed", so, {}, parse_variant("torch212-cxx11-cu126-x86_64-linux")).empty());
}

TEST_CASE("elf.needed rejects other libraries", "[inspect][elf.needed][unit]") {
  auto so = so_named("k.so");
  so.needed = {"libc.so.6", "libfoo.so.1", "libcublas.so.12", "libtorch.so.2", "libcudart.so", "ld-linux-x86-64.so.3"};
  auto fs = run_rule("elf.needed", so);
  CHECK(subjects(fs) == std::vector<std::string>{"libfoo.so.1", "libcublas.so.12", "libtorch.so.2", "libcudart.so", "ld-linux-x86-64.so.3"});
  CHECK_THAT(fs[0].message, Contains("manylinux_2_28 library whitelist"));
  for (const auto& f : fs) CHECK(f.severity == Severity::error);
}

TEST_CASE("elf.needed compares libcudart's major with the variant", "[inspect][elf.needed][unit]") {
  auto so = so_named("build/torch212-cxx11-cu126-x86_64-linux/_k.abi3.so");
  so.needed = {"libcudart.so.13"};
  auto fs = run_rule("elf.needed", so, {}, parse_variant("torch212-cxx11-cu126-x86_64-linux"));
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].severity == Severity::error);
  CHECK_THAT(fs[0].message, Contains("CUDA 12"));
  CHECK(run_rule("elf.needed", so, {}, parse_variant("torch212-cxx11-cu130-x86_64-linux")).empty());
  // A CPU variant has no business with the CUDA runtime at all.
  auto cpu = run_rule("elf.needed", so, {}, parse_variant("torch212-cxx11-cpu-x86_64-linux"));
  REQUIRE(cpu.size() == 1);
  CHECK(cpu[0].severity == Severity::error);
}

TEST_CASE("elf.needed outside a variant dir notes libcudart as info", "[inspect][elf.needed][unit]") {
  auto so = so_named("lib/k.so");
  so.needed = {"libcudart.so.13"};
  auto fs = run_rule("elf.needed", so);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].severity == Severity::info);
  CHECK(fs[0].subject == "libcudart.so.13");
}

TEST_CASE("elf.needed accepts exactly the OpenMP runtime the variant's Torch ships", "[inspect][elf.needed][openmp][unit]") {
  auto so = so_named("build/torch211-cxx11-cpu-x86_64-linux/_k.abi3.so");
  so.needed = {"libgomp.so.1"};
  CHECK(run_rule("elf.needed", so, {}, parse_variant("torch211-cxx11-cpu-x86_64-linux")).empty());
  CHECK(run_rule("elf.needed", so, {}, parse_variant("torch211-cxx11-cu130-x86_64-linux")).empty());
  // A grafted second copy, or LLVM's runtime: not what Torch loads.
  so.needed = {"libgomp-a34b3233.so.1", "libomp.so"};
  auto other = run_rule("elf.needed", so, {}, parse_variant("torch211-cxx11-cpu-x86_64-linux"));
  REQUIRE(other.size() == 2);
  CHECK_THAT(other[0].message, Contains("but Torch 2.11 for x86_64 ships libgomp.so.1"));
  CHECK(other[0].severity == Severity::error);
  // A Torch kb has no record for (here: far in the future) is not assumed to ship one.
  so.needed = {"libgomp.so.1"};
  auto unknown = run_rule("elf.needed", so, {}, parse_variant("torch299-cxx11-cpu-x86_64-linux"));
  REQUIRE(unknown.size() == 1);
  CHECK_THAT(unknown[0].message, Contains("kb knows of no OpenMP runtime shipped by Torch 2.99 for x86_64"));
  // Outside a variant directory there is no Torch to compare with.
  auto lone_gomp = so_named("lib/k.so");
  lone_gomp.needed = {"libgomp.so.1"};
  auto info = run_rule("elf.needed", lone_gomp);
  REQUIRE(info.size() == 1);
  CHECK(info[0].severity == Severity::info);
}
