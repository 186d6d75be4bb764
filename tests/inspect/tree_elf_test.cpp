// SPDX-License-Identifier: Apache-2.0
// Tree rules on facts the real ELF reader produces from .so files compiled at test time (a
// PyInit_<id> and a local TORCH_LIBRARY_init_<ns> in C), in directories and in zip archives.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
namespace fs = std::filesystem;

namespace {

// "rule: message" of every finding in a kb --format json report.
std::vector<std::string> findings_of(const CommandResult& r) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(r.output);
  for (const auto& t : j["targets"])
    for (const auto& f : t["findings"]) out.push_back(f["rule"].get<std::string>() + ": " + f["message"].get<std::string>());
  return out;
}

bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

VariantSpec cpu_variant(const std::string& name) {
  VariantSpec s = named(name);
  s.backend = "cpu";
  return s;
}

}  // namespace

TEST_CASE("tree + ELF: namespaces and machine read from compiled .so files", "[inspect][ops.namespace][tree.variant-name][e2e]") {
  TempDir dir;
  write_variant(dir / "good/build", cpu_variant("torch212-cxx11-cpu-x86_64-linux"));
  CommandResult good = run_kb({"inspect", "--format", "json", (dir / "good").string()});
  INFO(good.output);
  auto found = findings_of(good);
  CHECK_FALSE(any_contains(found, "ops.namespace"));
  CHECK_FALSE(any_contains(found, "tree.variant-name"));
  CHECK_FALSE(any_contains(found, "input.unreadable"));

  VariantSpec hard = cpu_variant("torch212-cxx11-cpu-x86_64-linux");
  hard.torch_ns = "myops";
  write_variant(dir / "hard/build", hard);
  write_variant(dir / "hard/build", cpu_variant("torch212-cxx11-cpu-aarch64-linux"));  // x86-64 code inside
  REQUIRE(run({"zip", "-qr", (dir / "hard.zip").string(), "build"}, dir / "hard").exit_code == 0);
  for (const fs::path& input : {dir / "hard", dir / "hard.zip"}) {
    CommandResult r = run_kb({"inspect", "--format", "json", input.string()});
    INFO(input << "\n" << r.output);
    CHECK(r.exit_code == 1);
    found = findings_of(r);
    CHECK(any_contains(found, "ops.namespace: TORCH_LIBRARY namespace \"myops\" is hard-coded"));
    CHECK(any_contains(found, "tree.variant-name: _relu_cpu_abc1234.abi3.so is x86_64 code in a aarch64 variant"));
    CHECK_FALSE(any_contains(found, "input.unreadable"));
  }
}
