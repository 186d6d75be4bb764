// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/embedded_data.hpp"
#include "inspect/policy_data.hpp"

using namespace kb;
using namespace kb::inspect;
using Catch::Matchers::Contains;

TEST_CASE("embedded manylinux policies cover 2_17..2_41 for every arch", "[inspect][policy][unit]") {
  PolicyData d = load_policy_data(Options{});
  REQUIRE(d.selected);
  CHECK(d.selected->name == "manylinux_2_28");
  std::vector<std::string> names;
  for (const auto& p : d.manylinux) names.push_back(p.name);
  for (int minor : {17, 24, 26, 27, 28, 31, 34, 35, 36, 37, 38, 39, 40, 41})
    CHECK(std::count(names.begin(), names.end(), "manylinux_2_" + std::to_string(minor)) == 1);
  const auto& x86 = d.selected->symbol_versions.at("x86_64");
  CHECK(x86.at("GLIBC").count("2.28"));
  CHECK_FALSE(x86.at("GLIBC").count("2.29"));
  CHECK_FALSE(x86.at("GLIBC").count("2.19"));  // membership: no such node on x86_64
  CHECK(x86.at("GCC").count("7"));             // "7.0.0" normalized
  CHECK(d.selected->symbol_versions.count("aarch64"));
  CHECK(d.selected->lib_whitelist.count("libstdc++.so.6"));
  CHECK_FALSE(d.selected->lib_whitelist.count("libfoo.so.1"));
  Options o;
  o.policy = "manylinux2014";
  PolicyData old = load_policy_data(o);
  CHECK(old.selected->name == "manylinux_2_17");
  CHECK(old.selected->symbol_versions.at("x86_64").at("GLIBC").count("2.17"));
  // Only the selected policy's tables are built; the full parse has them all.
  for (const auto& p : parse_manylinux_policies(embedded_data("manylinux-policy.json"))) {
    INFO(p.name);
    CHECK(p.symbol_versions.count("x86_64"));
    CHECK_FALSE(p.lib_whitelist.empty());
  }
}

TEST_CASE("embedded stable ABI and shim tables", "[inspect][policy][unit]") {
  PolicyData d = load_policy_data(Options{});
  CHECK(d.stable_abi.at("Py_NewRef") == "3.10");
  CHECK(d.stable_abi.at("PyModule_Create2") == "3.2");
  CHECK(d.stable_abi.count("PyExc_TypeError"));  // data entries count
  CHECK_FALSE(d.stable_abi.count("PyInstanceMethod_New"));
  CHECK(d.stable_abi.size() > 900);
  CHECK(d.torch_shims.at("aoti_torch_cpu__grouped_mm") == "2.12");
  CHECK(d.torch_shims.at("aoti_torch_aten_full") == "2.10");
  CHECK(d.python_abi == VersionNumbers{3, 9});
  CHECK_FALSE(d.torch_stable_abi);
}

TEST_CASE("bad policy options are usage errors naming the choices", "[inspect][policy][unit]") {
  Options o;
  o.policy = "manylinux_2_99";
  try {
    load_policy_data(o);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK_THAT(e.what(), Contains("manylinux_2_99"));
    CHECK_THAT(e.hint(), Contains("manylinux_2_28") && Contains("manylinux_2_41"));
  }
  for (const char* bad : {"3", "3.x", "three", "3.9.1", ""}) {
    Options p;
    p.python_abi = bad;
    INFO(bad);
    CHECK_THROWS_AS(load_policy_data(p), Error);
  }
  Options t;
  t.torch_stable_abi = "2.1O";
  CHECK_THROWS_AS(load_policy_data(t), Error);
  t.torch_stable_abi = "2.12";
  CHECK(load_policy_data(t).torch_stable_abi == VersionNumbers{2, 12});
}

TEST_CASE("policy data copies keep the selection", "[inspect][policy][unit]") {
  PolicyData a = load_policy_data(Options{});
  PolicyData b = a;
  REQUIRE(b.selected);
  CHECK(b.selected->name == "manylinux_2_28");
  CHECK(b.selected >= b.manylinux.data());
  CHECK(b.selected < b.manylinux.data() + b.manylinux.size());
}

TEST_CASE("malformed policy data is reported, not crashed on", "[inspect][policy][unit]") {
  CHECK_THROWS_AS(parse_manylinux_policies("[{\"name\": 1}]"), Error);
  CHECK_THROWS_AS(parse_manylinux_policies("{"), Error);
  CHECK_THROWS_AS(parse_stable_abi("[function.Py_X]\nfoo = 1\n"), Error);
  CHECK_THROWS_AS(parse_torch_shims("aoti_x two.ten\n"), Error);
  CHECK(parse_torch_shims("# c\n\naoti_x 2.11\n").at("aoti_x") == "2.11");
}

TEST_CASE("version tokens", "[inspect][policy][unit]") {
  CHECK(normalize_version_token("7.0.0") == "7");
  CHECK(normalize_version_token("2.2.5") == "2.2.5");
  CHECK(normalize_version_token("TM_1") == "TM_1");
  CHECK_FALSE(parse_version("1..2"));
  CHECK_FALSE(parse_version("99999999999"));
  CHECK(compare_versions({3, 10}, {3, 9}) > 0);
  CHECK(compare_versions({2, 10}, {2, 10, 0}) == 0);
}
