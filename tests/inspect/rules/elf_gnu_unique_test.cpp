// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.gnu-unique flags each unique symbol, not weak ones", "[inspect][elf.gnu-unique][unit]") {
  auto so = so_named("k.so");
  add_export(so, "_ZZN4test9Conflicts5valueEvE13class_counter", inspect::SymbolBinding::weak, inspect::SymbolType::object);
  CHECK(run_rule("elf.gnu-unique", so).empty());
  add_export(so, "_ZZ7countervE1n", inspect::SymbolBinding::gnu_unique, inspect::SymbolType::object);
  auto fs = run_rule("elf.gnu-unique", so);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].subject == "_ZZ7countervE1n");
  CHECK_THAT(fs[0].message, Contains("counter()::n"));
  CHECK_THAT(fs[0].hint, Contains("-fno-gnu-unique"));
}
