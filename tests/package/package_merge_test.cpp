// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/tree/byte_stream.hpp"
#include "package/package.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

std::vector<std::string> entry_names(const fs::path& zip) {
  tree::ZipArchive z(zip);
  std::vector<std::string> out;
  for (const auto& e : z.entries()) out.push_back(e.name);
  return out;
}

package::Options options_for(std::vector<fs::path> sources, fs::path out) {
  package::Options o;
  o.sources = std::move(sources);
  o.output = std::move(out);
  return o;
}

std::string error_of(const package::Options& o) {
  try {
    package::package(o);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("two shards merge into one bundle with sorted entries", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "shard1/build", {"torch-cpu"});
  pkgtest::write_variant(dir / "shard2/build", {"torch-cuda", "relu", "cuda"});
  auto r = package::package(options_for({dir / "shard1", dir / "shard2/build"}, dir / "relu.zip"));
  REQUIRE(r.written);
  auto names = entry_names(dir / "relu.zip");
  std::vector<std::string> want{"README.md",
                                "build/torch-cpu/__init__.py",
                                "build/torch-cpu/_ops.py",
                                "build/torch-cpu/metadata.json",
                                "build/torch-cuda/__init__.py",
                                "build/torch-cuda/_ops.py",
                                "build/torch-cuda/metadata.json",
                                "kb-manifest.json"};
  CHECK(names == want);
  CHECK(r.manifest["files"].size() == want.size() - 1);
  CHECK(r.manifest["sizes"]["variants"].size() == 2);
}

TEST_CASE("the same variant from two shards is kept once when identical", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  pkgtest::write_variant(dir / "b", {"torch-cpu"});
  pkgtest::write_variant(dir / "b", {"torch-cuda", "relu", "cuda"});
  auto r = package::package(options_for({dir / "a", dir / "b"}, dir / "o.zip"));
  REQUIRE(r.written);
  CHECK(entry_names(dir / "o.zip").size() == 8);
}

TEST_CASE("the same variant with different content is an error naming both sources", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  pkgtest::VariantSpec other{"torch-cpu"};
  other.extra = "# rebuilt\n";
  pkgtest::write_variant(dir / "b", other);
  std::string msg = error_of(options_for({dir / "a", dir / "b"}, dir / "o.zip"));
  CHECK_THAT(msg, Catch::Contains("variant torch-cpu differs"));
  CHECK_THAT(msg, Catch::Contains((dir / "a").string()));
  CHECK_THAT(msg, Catch::Contains((dir / "b").string()));
  CHECK_THAT(msg, Catch::Contains("_ops.py"));
  CHECK_FALSE(fs::exists(dir / "o.zip"));
}

TEST_CASE("variants that disagree on version, name or license are refused", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  pkgtest::VariantSpec v2{"torch-cuda", "relu", "cuda", 2};
  pkgtest::write_variant(dir / "b", v2);
  std::string msg = error_of(options_for({dir / "a", dir / "b"}, dir / "o.zip"));
  CHECK_THAT(msg, Catch::Contains("metadata version differs"));
  CHECK_THAT(msg, Catch::Contains("torch-cpu"));
  CHECK_THAT(msg, Catch::Contains("torch-cuda"));

  pkgtest::VariantSpec lic{"torch-cuda", "relu", "cuda", 1, "MIT"};
  pkgtest::write_variant(dir / "c", lic);
  CHECK_THAT(error_of(options_for({dir / "a", dir / "c"}, dir / "o.zip")), Catch::Contains("metadata license differs"));
  pkgtest::VariantSpec name{"torch-cuda", "gelu", "cuda"};
  pkgtest::write_variant(dir / "d", name);
  CHECK_THAT(error_of(options_for({dir / "a", dir / "d"}, dir / "o.zip")), Catch::Contains("metadata name differs"));
}

TEST_CASE("bytecode is left out of the bundle", "[package][merge][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  test::write_text(dir / "a/torch-cpu/__pycache__/_ops.cpython-311.pyc", "bytecode");
  test::write_text(dir / "a/torch-cpu/stale.pyc", "bytecode");
  auto r = package::package(options_for({dir / "a"}, dir / "o.zip"));
  REQUIRE(r.written);
  CHECK(r.excluded.size() == 2);
  for (const auto& n : entry_names(dir / "o.zip")) CHECK(n.find("pyc") == std::string::npos);
}

TEST_CASE("kb package exit codes: 0 written, 2 usage, 3 conflicting sources", "[package][cli][e2e]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "a", {"torch-cpu"});
  auto ok = test::run_kb({"package", (dir / "a").string(), "--output", (dir / "o.zip").string(), "--sha256"});
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.output, Catch::Contains("sha256 " + pkgtest::sha256_of(dir / "o.zip")));
  CHECK(test::run_kb({"package", (dir / "a").string()}).exit_code == 2);
  pkgtest::VariantSpec other{"torch-cpu"};
  other.extra = "# different\n";
  pkgtest::write_variant(dir / "b", other);
  auto bad = test::run_kb({"package", (dir / "a").string(), (dir / "b").string(), "-o", (dir / "p.zip").string()});
  CHECK(bad.exit_code == 3);
  CHECK_THAT(bad.output, Catch::Contains("differs between"));
}
