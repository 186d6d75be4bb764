// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.pyinit wants PyInit_<stem> in Python extensions", "[inspect][elf.pyinit][unit]") {
  auto so = so_named("v/_relu_cuda_abc1234.abi3.so");
  add_export(so, "PyInit__relu_cuda_abc1234");
  CHECK(run_rule("elf.pyinit", so).empty());

  auto bad = so_named("v/_relu_cuda_abc1234.abi3.so");
  add_export(bad, "PyInit__relu_cuda_deadbee");
  auto fs = run_rule("elf.pyinit", bad);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].subject == "PyInit__relu_cuda_abc1234");
  CHECK_THAT(fs[0].message, Contains("PyInit__relu_cuda_deadbee"));

  auto cp = so_named("m.cpython-311-x86_64-linux-gnu.so");
  add_import(cp, "PyInit_m");  // undefined is not exported
  CHECK(subjects(run_rule("elf.pyinit", cp)) == std::vector<std::string>{"PyInit_m"});

  auto local = so_named("m.abi3.so");
  add_export(local, "PyInit_m", inspect::SymbolBinding::local);
  CHECK(run_rule("elf.pyinit", local).size() == 1);
}

TEST_CASE("elf.pyinit ignores plain libraries", "[inspect][elf.pyinit][unit]") {
  CHECK(run_rule("elf.pyinit", so_named("libfoo.so")).empty());
  CHECK(run_rule("elf.pyinit", so_named("libfoo.so.1")).empty());
  CHECK(run_rule("elf.pyinit", so_named(".abi3.so")).empty());
}
