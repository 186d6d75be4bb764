// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "inspect/library_index.hpp"
#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

namespace {

const char* k_status = "_ZNSt10filesystem6statusERKNS_7__cxx114pathE";

std::vector<Finding> run_bound(const inspect::SoFacts& so, const inspect::LibraryIndex* libs) {
  return run_rule_with_libraries("elf.stdcxx-bound", so, libs);
}

inspect::SoFacts lib(const std::string& soname, const std::vector<std::string>& defs) {
  inspect::SoFacts so = so_named(soname);
  so.soname = soname;
  for (const std::string& name : defs) add_export(so, name);
  return so;
}

inspect::MapLibraryIndex torch_and_stdcxx() {
  inspect::MapLibraryIndex libs;
  libs.add(lib("libtorch_cpu.so", {k_status, "_ZN2at4zeroEv"}));
  libs.add(lib("libstdc++.so.6", {k_status, "_ZSt9terminatev"}));
  return libs;
}

}  // namespace

TEST_CASE("elf.stdcxx-bound names libstdc++ symbols bound to Torch's copies", "[inspect][elf.stdcxx-bound][unit]") {
  inspect::MapLibraryIndex libs = torch_and_stdcxx();
  auto so = so_named("k.so");
  so.needed = {"libtorch_cpu.so", "libstdc++.so.6"};
  add_import(so, k_status);                                           // bound to libtorch: reported
  add_import(so, "_ZSt9terminatev", "GLIBCXX_3.4", "libstdc++.so.6");  // versioned: bound to libstdc++
  add_import(so, "_ZN2at4zeroEv");                                    // Torch's own symbol
  auto fs = run_bound(so, &libs);
  REQUIRE(subjects(fs) == std::vector<std::string>{k_status});
  CHECK(fs[0].severity == Severity::warning);
  CHECK_THAT(fs[0].message, Contains("std::filesystem::status"));
  CHECK_THAT(fs[0].message, Contains("libtorch_cpu.so's copy"));
  CHECK_THAT(fs[0].hint, Contains("before libtorch_cpu.so"));
}

TEST_CASE("elf.stdcxx-bound is quiet when the reference is private, versioned, or without --libdir",
          "[inspect][elf.stdcxx-bound][unit]") {
  inspect::MapLibraryIndex libs = torch_and_stdcxx();
  auto so = so_named("k.so");
  so.needed = {"libtorch_cpu.so", "libstdc++.so.6"};
  add_import(so, k_status);
  CHECK(run_bound(so, nullptr).empty());
  so.dynsyms.back().binding = inspect::SymbolBinding::weak;
  CHECK(run_bound(so, &libs).empty());
  so.dynsyms.back().binding = inspect::SymbolBinding::global;
  so.needed = {"libtorch_cpu.so"};  // no libstdc++ in NEEDED: nothing to compare with
  CHECK(run_bound(so, &libs).empty());
}
