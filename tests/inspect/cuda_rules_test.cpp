// SPDX-License-Identifier: Apache-2.0
// cuda.fatbin, cuda.kernels and cuda.archs on hand-built facts.
#include <catch2/catch.hpp>

#include "core/metadata.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/tree_facts.hpp"

using namespace kb;
using namespace kb::inspect;

namespace {

FatbinEntry sass(const std::string& arch, std::vector<std::string> kernels, const std::string& section = ".nv_fatbin") {
  FatbinEntry e;
  e.kind = FatbinKind::sass;
  e.arch = arch;
  e.section = section;
  e.kernels = std::move(kernels);
  return e;
}

FatbinEntry ptx(const std::string& arch) {
  FatbinEntry e;
  e.kind = FatbinKind::ptx;
  e.arch = arch;
  e.section = ".nv_fatbin";
  return e;
}

std::vector<Finding> run_so(const std::string& id, const SoFacts& so) {
  Options o;
  PolicyData data;
  Findings out;
  find_rule(id)->check_so(so, RuleContext{o, data, std::nullopt}, out);
  return out.items();
}

SoFacts so_with(std::vector<FatbinEntry> entries) {
  SoFacts so;
  so.path = "x.so";
  so.cuda = FatbinListing{};
  so.cuda->sections = {".nv_fatbin"};
  so.cuda->entries = std::move(entries);
  return so;
}

// A cu130 variant whose metadata declares `archs` and whose one .so carries `entries`.
TreeFacts variant_tree(std::optional<std::vector<std::string>> archs, std::vector<FatbinEntry> entries) {
  VariantFacts v;
  v.name = "torch29-cxx11-cu130-x86_64-linux";
  v.path = "build/" + v.name;
  v.variant = parse_variant(v.name);
  v.metadata = MetadataParse{};
  v.metadata->json_ok = true;
  v.metadata->metadata.backend.type = "cuda";
  v.metadata->metadata.backend.archs = std::move(archs);
  v.has_metadata = true;
  NativeFile n;
  n.rel = "_ops.abi3.so";
  n.facts = so_with(std::move(entries));
  v.natives.push_back(n);
  TreeFacts t;
  t.kind = "variant";
  t.variants.push_back(v);
  return t;
}

std::vector<Finding> run_tree(const TreeFacts& t) {
  Options o;
  PolicyData data;
  Findings out;
  find_rule("cuda.archs")->check_tree(t, RuleContext{o, data, std::nullopt}, out);
  return out.items();
}

}  // namespace

TEST_CASE("cuda.fatbin reports each structural problem", "[inspect][cuda.fatbin][unit]") {
  SoFacts so = so_with({});
  CHECK(run_so("cuda.fatbin", so).empty());
  so.cuda->problems.push_back({".nv_fatbin", 4096, "container size 9000 runs past the end of the section"});
  auto f = run_so("cuda.fatbin", so);
  REQUIRE(f.size() == 1);
  CHECK(f[0].subject == ".nv_fatbin+4096");
  CHECK(f[0].severity == Severity::error);
}

TEST_CASE("cuda.kernels flags a kernel missing from one SASS arch", "[inspect][cuda.kernels][unit]") {
  CHECK(run_so("cuda.kernels", so_with({sass("sm_80", {"a", "b"}), sass("sm_90", {"a"}), sass("sm_90", {"b"})}))
            .empty());
  auto f = run_so("cuda.kernels", so_with({sass("sm_80", {"a"}), sass("sm_90", {"a", "b"}), sass("sm_100", {"a", "b"})}));
  REQUIRE(f.size() == 1);
  CHECK(f[0].subject == "b");
  CHECK(f[0].message == "kernel has no SASS for sm_80 (present for sm_90, sm_100)");
  // Relocatable cubins are link inputs: not compared when .nv_fatbin exists.
  CHECK(run_so("cuda.kernels", so_with({sass("sm_90", {"a"}), sass("sm_80", {}, "__nv_relfatbin")})).empty());
  // Kernels not read (rule inputs unavailable): no verdict rather than a false alarm.
  FatbinEntry unread = sass("sm_80", {});
  unread.kernels.reset();
  CHECK(run_so("cuda.kernels", so_with({sass("sm_90", {"a"}), unread})).empty());
}

TEST_CASE("cuda.archs: SASS must equal backend.archs", "[inspect][cuda.archs][unit]") {
  SECTION("exact match with +PTX") {
    CHECK(run_tree(variant_tree(std::vector<std::string>{"8.0", "9.0+PTX"},
                                {sass("sm_80", {}), sass("sm_90", {}), ptx("compute_90")}))
              .empty());
  }
  SECTION("missing SASS and missing PTX are errors") {
    auto f = run_tree(variant_tree(std::vector<std::string>{"8.0", "9.0+PTX"}, {sass("sm_90", {})}));
    REQUIRE(f.size() == 2);
    CHECK(f[0].subject == "8.0");
    CHECK(f[1].message.find("compute_90 PTX") != std::string::npos);
  }
  SECTION("a/f suffixes must match") {
    auto f = run_tree(variant_tree(std::vector<std::string>{"9.0a"}, {sass("sm_90", {})}));
    REQUIRE(f.size() == 2);  // sm_90a missing (error), sm_90 undeclared (warning)
    CHECK(f[0].severity == Severity::error);
    CHECK(f[1].severity == Severity::warning);
    CHECK(f[1].subject == "sm_90");
  }
  SECTION("no device code, empty archs") {
    auto f = run_tree(variant_tree(std::vector<std::string>{}, {}));
    REQUIRE(f.size() == 2);
    CHECK(f[0].message == "CUDA variant has no device code in any .so");
    CHECK(f[1].subject == "backend.archs");
  }
  SECTION("non-CUDA variants are not checked") {
    TreeFacts t = variant_tree(std::vector<std::string>{"9.0"}, {});
    t.variants[0].variant = parse_variant("torch29-cxx11-cpu-x86_64-linux");
    CHECK(run_tree(t).empty());
    t.variants[0].variant = parse_variant("torch-cuda");  // noarch: pure Python
    CHECK(run_tree(t).empty());
  }
}
