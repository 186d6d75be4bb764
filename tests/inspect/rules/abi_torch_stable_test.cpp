// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

namespace {
inspect::Options stable(const char* v) {
  inspect::Options o;
  o.torch_stable_abi = v;
  return o;
}
}  // namespace

TEST_CASE("abi.torch-stable is off without --torch-stable-abi", "[inspect][abi.torch-stable][unit]") {
  auto so = so_named("k.abi3.so");
  add_import(so, "_ZN3c106detail14torchCheckFailEPKcS2_jRKSs");
  CHECK(run_rule("abi.torch-stable", so).empty());
}

TEST_CASE("abi.torch-stable compares shim versions", "[inspect][abi.torch-stable][unit]") {
  auto so = so_named("k.abi3.so");
  add_import(so, "aoti_torch_cpu__grouped_mm");  // 2.12
  add_import(so, "aoti_torch_aten_full");        // 2.10
  add_import(so, "aoti_torch_get_data_ptr");     // ungated: predates 2.10
  auto fs = run_rule("abi.torch-stable", so, stable("2.11"));
  CHECK(subjects(fs) == std::vector<std::string>{"aoti_torch_cpu__grouped_mm"});
  CHECK_THAT(fs[0].message, Contains("2.12") && Contains("2.11"));
  CHECK(run_rule("abi.torch-stable", so, stable("2.12")).empty());
  CHECK(run_rule("abi.torch-stable", so, stable("2.9")).size() == 2);
}

TEST_CASE("abi.torch-stable finds Torch C++ API anywhere in a demangled name", "[inspect][abi.torch-stable][unit]") {
  auto so = so_named("k.abi3.so");
  add_import(so, "_ZN3c106detail14torchCheckFailEPKcS2_jRKSs");   // c10::detail::torchCheckFail(...)
  add_import(so, "_ZN2at6native3addIfEEvPT_");                    // void at::native::add<float>(float*)
  add_import(so, "_ZTVN3c1011StorageImplE");                      // vtable for c10::StorageImpl
  add_import(so, "_ZN5torch6stable6detail4fromEv");               // torch::stable::detail::from(): allowed
  add_import(so, "_ZN3fmt6formatEv");                             // fmt::format(): "at::" is a suffix only
  add_import(so, "_ZN3foo2at1fEv");                               // foo::at::f(): another at
  add_import(so, "_Z1fN5torch6stable6TensorEN2at6TensorE");       // f(torch::stable::Tensor, at::Tensor)
  add_import(so, "_ZN6caffe28TypeMeta3fooEv");                    // caffe2::TypeMeta::foo()
  add_import(so, "memcpy");
  auto fs = run_rule("abi.torch-stable", so, stable("2.10"));
  CHECK(subjects(fs) == std::vector<std::string>{"_ZN3c106detail14torchCheckFailEPKcS2_jRKSs", "_ZN2at6native3addIfEEvPT_",
                                                 "_ZTVN3c1011StorageImplE", "_Z1fN5torch6stable6TensorEN2at6TensorE",
                                                 "_ZN6caffe28TypeMeta3fooEv"});
  CHECK_THAT(fs[1].message, Contains("at::native::add<float>"));
  CHECK_THAT(fs[2].message, Contains("vtable for c10::StorageImpl"));
}
