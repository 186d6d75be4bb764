// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.rpath accepts none, empty and $ORIGIN", "[inspect][elf.rpath][unit]") {
  auto so = so_named("k.so");
  CHECK(run_rule("elf.rpath", so).empty());
  so.runpath = {""};
  CHECK(run_rule("elf.rpath", so).empty());
  so.runpath = {"$ORIGIN", "$ORIGIN/../lib", "${ORIGIN}/x"};
  so.rpath = {"$ORIGIN/torch/lib"};
  CHECK(run_rule("elf.rpath", so).empty());
}

TEST_CASE("elf.rpath names each build, store and home path", "[inspect][elf.rpath][unit]") {
  auto so = so_named("k.so");
  so.runpath = {"$ORIGIN", "/nix/store/abc-cuda/lib", "/build/src/out", "/home/me/torch/lib", "/opt/x", "lib"};
  so.rpath = {"/tmp/build"};
  auto fs = run_rule("elf.rpath", so);
  CHECK(subjects(fs) == std::vector<std::string>{"/tmp/build", "/nix/store/abc-cuda/lib", "/build/src/out",
                                                 "/home/me/torch/lib", "/opt/x", "lib"});
  CHECK_THAT(fs[0].message, Contains("DT_RPATH") && Contains("build-directory"));
  CHECK_THAT(fs[1].message, Contains("DT_RUNPATH") && Contains("package-store"));
  CHECK_THAT(fs[3].message, Contains("home-directory"));
  CHECK_THAT(fs[5].message, Contains("relative to the current directory"));
}
