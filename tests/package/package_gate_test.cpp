// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "package/package.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

// A variant whose metadata.json declares a backend kernels does not know (tree.metadata, C7).
void write_nonconformant(const fs::path& build) {
  pkgtest::write_variant(build, {"torch-cpu"});
  test::write_text(build / "torch-cpu/metadata.json",
                   "{\"name\": \"relu\", \"id\": \"_relu_cpu_abc1234\", \"version\": 1, \"license\": \"Apache-2.0\", "
                   "\"python-depends\": [], \"backend\": {\"type\": \"cuda13\"}}\n");
}

}  // namespace

TEST_CASE("the gate refuses a non-conformant tree and writes nothing", "[package][gate][e2e]") {
  test::TempDir dir;
  write_nonconformant(dir / "build");
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  auto r = package::package(o);
  CHECK_FALSE(r.written);
  CHECK(r.exit_code() == 1);
  CHECK(r.gate.count(Severity::error) > 0);
  CHECK_FALSE(fs::exists(dir / "o.zip"));

  auto cli = test::run_kb({"package", (dir / "build").string(), "-o", (dir / "o.zip").string()});
  CHECK(cli.exit_code == 1);
  CHECK_THAT(cli.output, Catch::Contains("tree.metadata"));
  CHECK_FALSE(fs::exists(dir / "o.zip"));
}

TEST_CASE("option --allow-nonconformant writes the bundle and records the findings in its manifest", "[package][gate][unit]") {
  test::TempDir dir;
  write_nonconformant(dir / "build");
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  o.allow_nonconformant = true;
  auto r = package::package(o);
  REQUIRE(r.written);
  const auto& gate = r.manifest["gate"];
  CHECK(gate["passed"] == false);
  CHECK(gate["allow_nonconformant"] == true);
  CHECK(gate["errors"].get<int>() > 0);
  CHECK_FALSE(gate["findings"].empty());
  // Paths in the manifest are bundle paths, never the machine's source location.
  CHECK(r.manifest.dump().find(dir.path().string()) == std::string::npos);
  CHECK_THAT(r.manifest.dump(), Catch::Contains("build/torch-cpu"));
}

TEST_CASE("a metadata digest that does not match the packaged bytes stops packaging", "[package][gate][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "build", {"torch-cpu"});
  // Well-formed digests of the wrong content: what a tree edited after kb build looks like.
  const std::string zero = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  test::write_text(dir / "build/torch-cpu/metadata.json",
                   "{\"name\": \"relu\", \"id\": \"_relu_cpu_abc1234\", \"version\": 1, \"license\": \"Apache-2.0\", "
                   "\"python-depends\": [], \"backend\": {\"type\": \"cpu\"}, \"digest\": {\"algorithm\": \"sha256\", "
                   "\"files\": {\"__init__.py\": \"" + zero + "\", \"_ops.py\": \"" + zero + "\"}}}\n");
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  auto r = package::package(o);
  CHECK_FALSE(r.written);
  CHECK_FALSE(fs::exists(dir / "o.zip"));
  bool named = false;
  for (const auto& t : r.gate.targets)
    for (const auto& f : t.findings)
      named = named || (f.severity == Severity::error && f.rule == "package.digest" && f.file == "build/torch-cpu/_ops.py");
  CHECK(named);
  // --ignore tree.digest is the explicit opt-out of digest checking.
  o.inspect.ignore = {"tree.digest"};
  CHECK(package::package(o).written);
}
