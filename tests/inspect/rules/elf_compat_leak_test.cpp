// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.compat-leak flags strong runtime exports, not weak template code or the kernel's own", "[inspect][elf.compat-leak][unit]") {
  auto so = so_named("k.so");
  add_export(so, "_ZNSt6vectorIiSaIiEE17_M_realloc_insertIJRKiEEEvN9__gnu_cxx17__normal_iteratorIPiS1_EEDpOT_",
             inspect::SymbolBinding::weak);
  add_export(so, "_Z4reluRN2at6TensorERKS0_");
  add_export(so, "PyInit__ops");
  CHECK(run_rule("elf.compat-leak", so).empty());
  add_export(so, "_ZSt28__throw_bad_array_new_lengthv");
  add_export(so, "__libc_single_threaded", inspect::SymbolBinding::global, inspect::SymbolType::object);
  add_export(so, "stat");
  add_import(so, "fstat");  // an import is not a leak
  auto fs = run_rule("elf.compat-leak", so);
  CHECK(subjects(fs) == std::vector<std::string>{"_ZSt28__throw_bad_array_new_lengthv", "__libc_single_threaded", "stat"});
  CHECK_THAT(fs[0].message, Contains("std::__throw_bad_array_new_length()"));
  CHECK_THAT(fs[0].hint, Contains("--exclude-libs"));
}
