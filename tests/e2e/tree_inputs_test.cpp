// SPDX-License-Identifier: Apache-2.0
// kb inspect, kb package and kb publish read kernel trees through one model (core/tree): the same
// inputs are accepted and the same variants found, and hostile members are refused by all three,
// with and without --allow-nonconformant.
#include <catch2/catch.hpp>

#include <set>

#include "core/error.hpp"
#include "inspect/inspect.hpp"
#include "package/source_tree.hpp"
#include "publish/tree_source.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

// A project with two noarch variants (each carrying a stale .pyc, so inspect names each variant
// it found in a tree.bytecode finding), and the same tree as every other kind of input.
struct Inputs {
  test::TempDir dir;
  std::vector<fs::path> all;
  Inputs() {
    pkgtest::write_variant(dir / "proj/build", {"torch-cpu"});
    pkgtest::write_variant(dir / "proj/build", {"torch-cuda", "relu", "cuda"});
    for (const char* v : {"torch-cpu", "torch-cuda"}) test::write_text(dir / "proj/build" / v / "stale.pyc", "x");
    fs::create_directories(dir / "nix");
    fs::create_directory_symlink(dir / "proj/build", dir / "nix/result");  // a nix build's result link
    REQUIRE(test::run({"zip", "-qr", (dir / "proj.zip").string(), "proj"}, dir.path()).exit_code == 0);
    REQUIRE(test::run({"zip", "-qr", (dir / "build.whl").string(), "build"}, dir / "proj").exit_code == 0);
    all = {dir / "proj", dir / "proj/build", dir / "nix", dir / "proj.zip", dir / "build.whl"};
  }
};

std::set<std::string> inspect_variants(const fs::path& input) {
  inspect::Options o;
  Report r = inspect::inspect({input}, o);
  std::set<std::string> out;
  for (const TargetReport& t : r.targets)
    for (const Finding& f : t.findings)
      if (f.rule == "tree.bytecode")
        for (const char* v : {"torch-cpu", "torch-cuda"})
          if (f.file.find(std::string(v) + "/") != std::string::npos || f.file.find(std::string(v) + ".zip!") != std::string::npos ||
              f.subject.find(v) != std::string::npos)
            out.insert(v);
  return out;
}

std::set<std::string> package_variants(const fs::path& input) {
  std::set<std::string> out;
  for (const auto& v : package::read_source(input).variants) out.insert(v.name);
  return out;
}

std::set<std::string> publish_variants(const fs::path& input) {
  auto src = publish::open_tree_source(input);
  return {src->variants.begin(), src->variants.end()};
}

}  // namespace

TEST_CASE("inspect, package and publish find the same variants in every kind of input", "[tree][unit]") {
  Inputs in;
  const std::set<std::string> both{"torch-cpu", "torch-cuda"};
  for (const fs::path& input : in.all) {
    INFO(input);
    CHECK(inspect_variants(input) == both);
    CHECK(package_variants(input) == both);
    CHECK(publish_variants(input) == both);
  }
  // One variant, as a directory and zipped with its files at the top (named after the archive).
  const fs::path one = in.dir / "proj/build/torch-cpu", one_zip = in.dir / "torch-cpu.zip";
  REQUIRE(test::run({"zip", "-qr", one_zip.string(), "."}, one).exit_code == 0);
  for (const fs::path& input : {one, one_zip}) {
    INFO(input);
    CHECK(inspect_variants(input) == std::set<std::string>{"torch-cpu"});
    CHECK(package_variants(input) == std::set<std::string>{"torch-cpu"});
    CHECK(publish_variants(input) == std::set<std::string>{"torch-cpu"});
  }
}

TEST_CASE("every command accepts every kind of input on the command line", "[tree][e2e]") {
  Inputs in;
  for (const char* v : {"torch-cpu", "torch-cuda"}) fs::remove(in.dir / "proj/build" / v / "stale.pyc");
  fs::remove(in.dir / "proj.zip");
  fs::remove(in.dir / "build.whl");
  REQUIRE(test::run({"zip", "-qr", (in.dir / "proj.zip").string(), "proj"}, in.dir.path()).exit_code == 0);
  REQUIRE(test::run({"zip", "-qr", (in.dir / "build.whl").string(), "build"}, in.dir / "proj").exit_code == 0);
  int n = 0;
  for (const fs::path& input : in.all) {
    INFO(input);
    CommandResult i = test::run_kb({"inspect", input.string()});
    INFO(i.output);
    CHECK(i.exit_code == 0);
    fs::path out = in.dir / ("o" + std::to_string(n++) + ".zip");
    CommandResult p = test::run_kb({"package", input.string(), "--output", out.string()});
    INFO(p.output);
    CHECK(p.exit_code == 0);
    CHECK(fs::exists(out));
  }
}

TEST_CASE("hostile members are refused by inspect, package and publish, also with --allow-nonconformant", "[tree][e2e]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "clean/build", {"torch-cpu"});
  REQUIRE(test::run({"zip", "-qr", (dir / "evil.zip").string(), "build"}, dir / "clean").exit_code == 0);
  // zip stores "../escape" verbatim when asked to from a subdirectory.
  test::write_text(dir / "clean/escape", "x");
  REQUIRE(test::run({"zip", "-q", (dir / "evil.zip").string(), "../escape"}, dir / "clean/build").exit_code == 0);
  pkgtest::write_variant(dir / "disk/build", {"torch-cpu"});
  test::write_text(dir / "disk/build/torch-cpu/bad\x01name.py", "x = 1\n");
  for (const fs::path& input : {dir / "evil.zip", dir / "disk"}) {
    INFO(input);
    CommandResult i = test::run_kb({"inspect", input.string()});
    CHECK(i.exit_code == 1);
    CHECK_THAT(i.output, Catch::Contains("tree.layout") && Catch::Contains("not read"));
    for (bool allow : {false, true}) {
      std::vector<std::string> pkg{"package", input.string(), "--output", (dir / "o.zip").string()};
      std::vector<std::string> pub{"publish", input.string(), "--repo-id", "org/x", "--dry-run"};
      if (allow) pkg.push_back("--allow-nonconformant"), pub.push_back("--allow-nonconformant");
      CommandResult p = test::run_kb(pkg);
      INFO(p.output);
      CHECK(p.exit_code == 3);
      CHECK_FALSE(fs::exists(dir / "o.zip"));
      CommandResult u = test::run_kb(pub);
      INFO(u.output);
      CHECK(u.exit_code == 3);
      CHECK_THAT(u.output, Catch::Contains(input.string()));
    }
  }
}
