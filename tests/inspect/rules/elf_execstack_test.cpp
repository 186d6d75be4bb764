// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.execstack", "[inspect][elf.execstack][unit]") {
  auto so = so_named("k.so");
  CHECK(run_rule("elf.execstack", so).empty());
  so.exec_stack = true;
  auto fs = run_rule("elf.execstack", so);
  REQUIRE(fs.size() == 1);
  CHECK_THAT(fs[0].message, Contains("RWX"));
  so.has_gnu_stack = false;
  fs = run_rule("elf.execstack", so);
  REQUIRE(fs.size() == 1);
  CHECK_THAT(fs[0].message, Contains("no PT_GNU_STACK"));
}
