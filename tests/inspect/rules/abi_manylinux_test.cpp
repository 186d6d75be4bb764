// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("abi.manylinux passes needs inside manylinux_2_28", "[inspect][abi.manylinux][unit]") {
  auto so = so_named("ok.so");
  add_import(so, "memcpy", "GLIBC_2.14", "libc.so.6");
  add_import(so, "exp2f", "GLIBC_2.27", "libm.so.6");
  add_import(so, "_ZNSt8ios_base4InitC1Ev", "GLIBCXX_3.4", "libstdc++.so.6");
  add_import(so, "__cxa_begin_catch", "CXXABI_1.3.11", "libstdc++.so.6");
  add_import(so, "_Unwind_Resume", "GCC_7.0.0", "libgcc_s.so.1");  // exact maximum, spelled in full
  add_import(so, "cudaMalloc", "libcudart.so.12", "libcudart.so.12");  // no '_': not a policy dep
  add_import(so, "EVP_sha256", "OPENSSL_3.0.0", "libcrypto.so.3");      // not a policy dep
  CHECK(run_rule("abi.manylinux", so).empty());
}

TEST_CASE("abi.manylinux names each symbol of a too-new version", "[inspect][abi.manylinux][unit]") {
  auto so = so_named("new.so");
  add_import(so, "exp2f", "GLIBC_2.29", "libm.so.6");
  add_import(so, "log2f", "GLIBC_2.29", "libm.so.6");
  add_import(so, "_ZSt8to_charsPcS_d", "GLIBCXX_3.4.29", "libstdc++.so.6");
  auto fs = run_rule("abi.manylinux", so);
  REQUIRE(fs.size() == 3);
  CHECK(subjects(fs) == std::vector<std::string>{"exp2f@GLIBC_2.29", "log2f@GLIBC_2.29", "_ZSt8to_charsPcS_d@GLIBCXX_3.4.29"});
  CHECK(fs[0].severity == Severity::error);
  CHECK(fs[0].rule == "abi.manylinux");
  CHECK_THAT(fs[0].message, Contains("up to 2.28") && Contains("libm.so.6"));
  CHECK_THAT(fs[0].message, Contains("manylinux_2_28 allows GLIBC up to 2.28 on x86_64"));
  CHECK_THAT(fs[2].message, Contains("3.4.24"));
  // The same file is fine under a newer policy.
  inspect::Options o;
  o.policy = "manylinux_2_31";
  CHECK(subjects(run_rule("abi.manylinux", so, o)) == std::vector<std::string>{"_ZSt8to_charsPcS_d@GLIBCXX_3.4.29"});
  o.policy = "manylinux_2_34";
  CHECK(run_rule("abi.manylinux", so, o).empty());
}

TEST_CASE("abi.manylinux tests membership, not a maximum", "[inspect][abi.manylinux][unit]") {
  auto x86 = so_named("x.so");
  add_import(x86, "f", "GLIBC_2.19", "libc.so.6");  // no such node on x86_64 glibc
  auto fs = run_rule("abi.manylinux", x86);
  CHECK(subjects(fs) == std::vector<std::string>{"f@GLIBC_2.19"});
  CHECK_THAT(fs.at(0).message, Catch::Matchers::Contains("no such version exists"));
  auto arm = so_named("a.so", "aarch64");
  add_import(arm, "g", "GLIBC_2.17", "libc.so.6");
  CHECK(run_rule("abi.manylinux", arm).empty());
  add_import(arm, "h", "GLIBC_2.2.5", "libc.so.6");  // exists on x86_64 only
  CHECK(subjects(run_rule("abi.manylinux", arm)) == std::vector<std::string>{"h@GLIBC_2.2.5"});
}

TEST_CASE("abi.manylinux reports needs with no symbol and non-numeric tokens", "[inspect][abi.manylinux][unit]") {
  auto so = so_named("relr.so");
  so.version_needs.push_back({"libc.so.6", "GLIBC_ABI_DT_RELR", false});
  add_import(so, "__libc_secret", "GLIBC_PRIVATE", "libc.so.6");
  add_import(so, "_ITM_RU1", "CXXABI_TM_1", "libstdc++.so.6");  // listed by auditwheel: allowed
  auto fs = run_rule("abi.manylinux", so);
  REQUIRE(fs.size() == 2);
  CHECK(fs[0].subject == "GLIBC_ABI_DT_RELR");
  CHECK_THAT(fs[0].message, Contains("no symbol attached") && Contains("non-numeric"));
  CHECK(fs[1].subject == "__libc_secret@GLIBC_PRIVATE");
  inspect::Options o;
  o.policy = "manylinux_2_36";  // glibc 2.36 introduced DT_RELR support
  CHECK(subjects(run_rule("abi.manylinux", so, o)) == std::vector<std::string>{"__libc_secret@GLIBC_PRIVATE"});
}

TEST_CASE("abi.manylinux reports a machine the policy does not cover", "[inspect][abi.manylinux][unit]") {
  auto so = so_named("m.so", "em:243");
  add_import(so, "f", "GLIBC_2.2", "libc.so.6");
  auto fs = run_rule("abi.manylinux", so);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].subject == "em:243");
}

TEST_CASE("ELF rules skip, not crash, without loaded policy data", "[inspect][abi.manylinux][unit]") {
  auto so = so_named("k.abi3.so");
  add_import(so, "exp2f", "GLIBC_2.29", "libc.so.6");
  add_import(so, "Py_NewRef");
  so.needed = {"libfoo.so.1"};
  inspect::Options options;
  inspect::PolicyData empty;
  inspect::RuleContext ctx{options, empty, std::nullopt};
  for (const char* id : {"abi.manylinux", "elf.needed", "abi.python", "abi.torch-stable"}) {
    inspect::Findings out;
    inspect::find_rule(id)->check_so(so, ctx, out);
    INFO(id);
    CHECK(out.items().empty());
  }
}
