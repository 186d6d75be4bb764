// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "package/package.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

// Packaging must fail with bad input, name `needle`, and leave no output behind.
void expect_refused(const std::vector<fs::path>& sources, const fs::path& out, const std::string& needle) {
  package::Options o;
  o.sources = sources;
  o.output = out;
  try {
    package::package(o);
    FAIL("packaging succeeded; expected a refusal naming " << needle);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    CHECK_THAT(e.what(), Catch::Contains(needle));
  }
  CHECK_FALSE(fs::exists(out));
}

}  // namespace

TEST_CASE("a symlink to /etc/passwd is refused with its path", "[package][hostile][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "build", {"torch-cpu"});
  fs::create_symlink("/etc/passwd", dir / "build/torch-cpu/passwd");
  expect_refused({dir / "build"}, dir / "o.zip", "torch-cpu/passwd");
  expect_refused({dir / "build"}, dir / "o.zip", "leaves the tree");
}

TEST_CASE("a dangling symlink and a symlinked directory are refused", "[package][hostile][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "build", {"torch-cpu"});
  fs::create_symlink(dir / "build/torch-cpu/missing", dir / "build/torch-cpu/dangling");
  expect_refused({dir / "build"}, dir / "o.zip", "dangling");
  fs::remove(dir / "build/torch-cpu/dangling");
  fs::create_directory_symlink(dir / "build/torch-cpu", dir / "build/torch-cpu/loop");
  expect_refused({dir / "build"}, dir / "o.zip", "torch-cpu/loop");
}

TEST_CASE("a symlink to a file inside the tree is packaged as that file's content", "[package][hostile][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "build", {"torch-cpu"});
  fs::create_symlink("_ops.py", dir / "build/torch-cpu/alias.py");
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  auto r = package::package(o);
  REQUIRE(r.written);
  CHECK_THAT(r.manifest.dump(), Catch::Contains("build/torch-cpu/alias.py"));
}

TEST_CASE("zip-slip entries in a merged archive are refused with the entry named", "[package][hostile][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "good", {"torch-cpu"});
  const std::vector<std::string> meta{"build/torch-cuda/metadata.json"};
  for (const std::string& evil : {"build/torch-cuda/../../x", "../x", "/etc/cron.d/x", "build/torch-cuda/a\\..\\b"}) {
    pkgtest::write_raw_zip(dir / "evil.zip", {meta[0], evil});
    expect_refused({dir / "good", dir / "evil.zip"}, dir / "o.zip", evil);
    fs::remove(dir / "evil.zip");
  }
}

TEST_CASE("a symlink entry in a merged archive is refused", "[package][hostile][unit]") {
  test::TempDir dir;
  pkgtest::write_raw_zip(dir / "evil.zip", {"build/torch-cpu/metadata.json", "build/torch-cpu/passwd"}, true);
  expect_refused({dir / "evil.zip"}, dir / "o.zip", "build/torch-cpu/passwd");
}

TEST_CASE("a bundle can be merged with another shard", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  pkgtest::write_variant(dir / "b", {"torch-cuda", "relu", "cuda"});
  package::Options o;
  o.sources = {dir / "a"};
  o.output = dir / "a.zip";
  REQUIRE(package::package(o).written);
  o.hash_archive = true;
  o.sources = {dir / "a.zip", dir / "b"};
  o.output = dir / "ab.zip";
  auto r = package::package(o);
  REQUIRE(r.written);
  CHECK(r.manifest["sizes"]["variants"].size() == 2);
  // Merging the archive equals packaging both trees directly.
  o.sources = {dir / "a", dir / "b"};
  o.output = dir / "direct.zip";
  CHECK(package::package(o).sha256 == r.sha256);
}
