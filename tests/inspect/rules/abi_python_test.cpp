// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("abi.python passes stable-ABI symbols up to 3.9", "[inspect][abi.python][unit]") {
  auto so = so_named("_k.abi3.so");
  add_export(so, "PyInit__k");
  add_import(so, "PyModule_Create2");
  add_import(so, "PyExc_TypeError");
  add_import(so, "_Py_Dealloc");  // abi_only: exported, allowed
  add_import(so, "memcpy", "GLIBC_2.14", "libc.so.6");
  CHECK(run_rule("abi.python", so).empty());
}

TEST_CASE("abi.python flags newer and non-abi3 symbols", "[inspect][abi.python][unit]") {
  auto so = so_named("_k.abi3.so");
  add_import(so, "Py_NewRef");
  add_import(so, "PyInstanceMethod_New");
  add_import(so, "_PyThreadState_UncheckedGet");
  add_export(so, "PyInit__k");
  add_export(so, "PyFoo_Defined");  // a definition is not a use of the ABI
  auto fs = run_rule("abi.python", so);
  CHECK(subjects(fs) == std::vector<std::string>{"Py_NewRef", "PyInstanceMethod_New", "_PyThreadState_UncheckedGet"});
  CHECK_THAT(fs[0].message, Contains("3.10") && Contains("3.9"));
  CHECK_THAT(fs[1].message, Contains("not part of the Python stable ABI"));
  inspect::Options o;
  o.python_abi = "3.10";
  CHECK(subjects(run_rule("abi.python", so, o)) == std::vector<std::string>{"PyInstanceMethod_New", "_PyThreadState_UncheckedGet"});
  o.python_abi = "3.11";  // PyObject_GetBuffer joined in 3.11
  auto so2 = so_named("_k.abi3.so");
  add_import(so2, "PyObject_GetBuffer");
  CHECK(run_rule("abi.python", so2, o).empty());
  CHECK(run_rule("abi.python", so2).size() == 1);
}

TEST_CASE("abi.python wants extensions named .abi3.so", "[inspect][abi.python][unit]") {
  auto so = so_named("v/_k.cpython-311-x86_64-linux-gnu.so");
  auto fs = run_rule("abi.python", so);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].subject == "_k.cpython-311-x86_64-linux-gnu.so");
  auto renamed = so_named("v/_k.so");
  add_export(renamed, "PyInit__k");  // exports a module init: it is an extension
  CHECK(run_rule("abi.python", renamed).size() == 1);
  CHECK(run_rule("abi.python", so_named("libhelper.so")).empty());
}
