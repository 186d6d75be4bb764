// SPDX-License-Identifier: Apache-2.0
// Backend names live in one table (core/backends.hpp). Every consumer is checked against it:
// build.toml's general.backends and [kernel.*] backend, metadata.json's backend.type, the variant
// name grammar (arch compute tags, torch-<noarch>), the python-depends table and kb build's noarch
// variant names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "build/variants.hpp"
#include "core/backends.hpp"
#include "core/config/build_config.hpp"
#include "core/error.hpp"
#include "core/metadata.hpp"
#include "core/python_depends.hpp"
#include "core/variant.hpp"

using namespace kb;

namespace {

std::string build_toml(const std::string& backend, bool with_kernel) {
  std::string s = "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"" + backend +
                  "\"]\n\n[torch]\nsrc = [\"torch-ext/b.cpp\"]\n";
  if (with_kernel) s += "\n[kernel.relu]\nbackend = \"" + backend + "\"\ndepends = [\"torch\"]\nsrc = [\"relu.cpp\"]\n";
  return s;
}

bool metadata_accepts(const std::string& backend) {
  MetadataParse p = parse_metadata(R"({"name": "relu", "id": "_relu_x_1", "version": 1, "license": "MIT",
    "backend": {"type": ")" + backend + R"("}})");
  for (const auto& pr : p.problems)
    if (pr.key == "backend.type") return false;
  return true;
}

}  // namespace

TEST_CASE("the backend table: sorted, unique, every noarch name and compute tag names one backend", "[core][backends][unit]") {
  std::vector<std::string> names = backend_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  std::set<std::string_view> noarch, compute;
  for (const Backend& b : backends()) {
    CHECK(noarch.insert(b.noarch).second);
    if (!b.compute.empty()) CHECK(compute.insert(b.compute).second);
    CHECK(backend_of_noarch(b.noarch) == std::string(b.name));
    CHECK(noarch_name(b.name) == b.noarch);
  }
  for (const std::string& c : compiled_backend_names()) CHECK(std::count(names.begin(), names.end(), c) == 1);
}

TEST_CASE("build.toml and metadata.json accept exactly the table's backends", "[core][backends][unit]") {
  for (const Backend& b : backends()) {
    const std::string name(b.name);
    INFO(name);
    CHECK(config::parse_build_config(build_toml(name, false), "build.toml").backends == std::vector<std::string>{name});
    CHECK(metadata_accepts(name));
    if (b.compiled_by_kb) {
      CHECK(config::parse_build_config(build_toml(name, true), "build.toml").kernels.size() == 1);
    } else {
      try {
        config::parse_build_config(build_toml(name, true), "build.toml");
        FAIL("a [kernel.*] section for " << name << " was accepted");
      } catch (const Error& e) {
        std::string listed;
        for (const std::string& c : compiled_backend_names()) listed += (listed.empty() ? "" : ", ") + c;
        CHECK_THAT(e.hint(), Catch::Contains(listed));
      }
    }
  }
  // A variant-name spelling is not a backend name.
  CHECK_THROWS_AS(config::parse_build_config(build_toml("npu", false), "build.toml"), Error);
  CHECK_FALSE(metadata_accepts("npu"));
  CHECK_FALSE(metadata_accepts("universal"));
}

TEST_CASE("variant names follow the table: compute tags of arch variants and torch-<noarch>", "[core][backends][unit]") {
  for (const Backend& b : backends()) {
    INFO(b.name);
    std::optional<Variant> n = parse_variant("torch-" + std::string(b.noarch));
    REQUIRE(n);
    CHECK(backend_of_noarch(n->backend) == std::string(b.name));
    if (b.compute.empty()) continue;
    const std::string tag = std::string(b.compute) + (b.versioned ? "130" : "");
    std::optional<Variant> v = parse_variant("torch212-cxx11-" + tag + "-x86_64-linux");
    REQUIRE(v);
    CHECK(v->backend == b.name);
    CHECK(v->compute_tag() == tag);
    CHECK(v->name() == "torch212-cxx11-" + tag + "-x86_64-linux");
  }
  CHECK_FALSE(parse_variant("torch-cann"));  // the loader spells it torch-npu
  CHECK_FALSE(parse_variant("torch212-cxx11-neuron-x86_64-linux"));
  REQUIRE(parse_variant("torch-universal"));
  CHECK_FALSE(backend_of_noarch("universal"));
}

TEST_CASE("the python-depends table has tables only for known backends", "[core][backends][unit]") {
  const std::vector<std::string>& names = backend_names();
  for (const auto& [scope, table] : python_depends_table()) {
    if (scope == "general") continue;
    INFO(scope);
    CHECK(std::count(names.begin(), names.end(), scope) == 1);
  }
}

TEST_CASE("kb build names a backend's noarch variant by the table (torch-npu for cann)", "[core][backends][unit]") {
  for (const Backend& b : backends()) {
    INFO(b.name);
    const config::BuildConfig c = config::parse_build_config(build_toml(std::string(b.name), false), "build.toml");
    const std::string expected = "torch-" + std::string(b.noarch);
    bool found = false;
    for (const build::PlannedVariant& p : build::plan_variants(c, build::MachineFacts{}))
      found = found || (p.name == expected && parse_variant(p.name));
    CHECK(found);
  }
}
