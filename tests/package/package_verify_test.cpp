// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <fstream>

#include "package/package.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

std::vector<Finding> package_findings(const package::VerifyResult& r) {
  std::vector<Finding> out;
  for (const auto& t : r.report.targets)
    for (const auto& f : t.findings)
      if (f.rule.rfind("package.", 0) == 0 && f.severity == Severity::error) out.push_back(f);
  return out;
}

fs::path make_bundle(const test::TempDir& dir) {
  pkgtest::VariantSpec spec{"torch212-cxx11-cpu-x86_64-linux"};
  spec.with_so = true;
  pkgtest::write_variant(dir / "build", spec);
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  o.store_so = true;             // the .so bytes sit in the archive as is
  o.allow_nonconformant = true;  // independent of which ELF rules exist
  REQUIRE(package::package(o).written);
  return o.output;
}

}  // namespace

TEST_CASE("kb package --verify passes an untouched bundle", "[package][verify][unit]") {
  test::TempDir dir;
  fs::path zip = make_bundle(dir);
  auto r = package::verify(zip, {});
  CHECK(package_findings(r).empty());
  CHECK(r.manifest["files"].size() == 5);
  CHECK(r.rules_checked);
}

TEST_CASE("kb package --verify catches a flipped byte and names the entry", "[package][verify][e2e]") {
  test::TempDir dir;
  fs::path zip = make_bundle(dir);
  std::string bytes = test::read_text(zip);
  std::size_t elf = bytes.find("\x7f" "ELF");
  REQUIRE(elf != std::string::npos);
  bytes[elf + 100] ^= 0x01;
  { std::ofstream(zip, std::ios::binary | std::ios::trunc) << bytes; }
  auto r = package::verify(zip, {});
  auto found = package_findings(r);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].rule == "package.integrity");
  CHECK_THAT(found[0].file, Catch::Contains("_relu_cpu_abc1234.abi3.so"));
  CHECK(r.exit_code() == 1);

  auto cli = test::run_kb({"package", "--verify", zip.string()});
  CHECK(cli.exit_code == 1);
  CHECK_THAT(cli.output, Catch::Contains("package.integrity"));
}

TEST_CASE("kb package --verify reports a missing manifest and a non-zip", "[package][verify][e2e]") {
  test::TempDir dir;
  pkgtest::write_raw_zip(dir / "plain.zip", {"build/torch-cpu/metadata.json"});
  auto r = package::verify(dir / "plain.zip", {});
  bool missing = false;
  for (const auto& f : package_findings(r)) missing = missing || f.file == "kb-manifest.json";
  CHECK(missing);
  test::write_text(dir / "not.zip", "hello");
  CHECK(test::run_kb({"package", "--verify", (dir / "not.zip").string()}).exit_code == 3);
}
