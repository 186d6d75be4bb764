// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;

TEST_CASE("elf.textrel", "[inspect][elf.textrel][unit]") {
  auto so = so_named("k.so");
  CHECK(run_rule("elf.textrel", so).empty());
  so.textrel = true;
  auto fs = run_rule("elf.textrel", so);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].subject == "DT_TEXTREL");
  CHECK(fs[0].severity == Severity::error);
}
