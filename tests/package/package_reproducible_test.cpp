// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/tree/byte_stream.hpp"
#include "package/package.hpp"
#include "package/zip_writer.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

void make_tree(const fs::path& build) {
  pkgtest::write_variant(build, {"torch-cpu"});
  pkgtest::write_variant(build, {"torch-cuda", "relu", "cuda"});
  test::write_text(build / "benchmarks/benchmark.py", "print('bench')\n");
  test::write_text(build / "CARD.md", "# relu\n\nA ReLU kernel.\n");
}

std::string package_to(const fs::path& src, const fs::path& out, std::optional<std::int64_t> epoch = {}) {
  package::Options o;
  o.sources = {src};
  o.output = out;
  o.source_date_epoch = epoch;
  o.hash_archive = true;
  auto r = package::package(o);
  REQUIRE(r.written);
  CHECK(r.sha256 == pkgtest::sha256_of(out));
  return r.sha256;
}

}  // namespace

TEST_CASE("packaging twice gives the same bytes", "[package][reproducible][unit]") {
  test::TempDir dir;
  make_tree(dir / "build");
  CHECK(package_to(dir / "build", dir / "one.zip") == package_to(dir / "build", dir / "two.zip"));
}

TEST_CASE("two checkouts with other paths, mtimes, modes and creation order give the same bytes", "[package][reproducible][unit]") {
  test::TempDir dir;
  make_tree(dir / "first/build");
  // Second copy: written in another order, other mtimes and permissions, a deeper path.
  test::write_text(dir / "x/y/second/build/CARD.md", "# relu\n\nA ReLU kernel.\n");
  pkgtest::write_variant(dir / "x/y/second/build", {"torch-cuda", "relu", "cuda"});
  pkgtest::write_variant(dir / "x/y/second/build", {"torch-cpu"});
  test::write_text(dir / "x/y/second/build/benchmarks/benchmark.py", "print('bench')\n");
  for (const auto& e : fs::recursive_directory_iterator(dir / "x")) {
    if (!e.is_regular_file()) continue;
    fs::last_write_time(e.path(), fs::file_time_type::clock::now() - std::chrono::hours(24 * 400));
    fs::permissions(e.path(), fs::perms::owner_all | fs::perms::group_read);
  }
  CHECK(package_to(dir / "first/build", dir / "a.zip") == package_to(dir / "x/y/second/build", dir / "b.zip"));
}

TEST_CASE("SOURCE_DATE_EPOCH sets every entry's timestamp", "[package][reproducible][unit]") {
  test::TempDir dir;
  make_tree(dir / "build");
  std::string base = package_to(dir / "build", dir / "a.zip");
  std::string later = package_to(dir / "build", dir / "b.zip", 1700000000);
  CHECK(base != later);
  tree::ZipArchive z(dir / "b.zip");
  for (const auto& e : z.entries()) {
    CHECK(e.mtime == z.entries().front().mtime);
    CHECK(e.unix_mode() == 0100644);
  }
  auto env = test::run({"env", "SOURCE_DATE_EPOCH=1700000000", test::kb_exe().string(), "package",
                        (dir / "build").string(), "-o", (dir / "c.zip").string()});
  REQUIRE(env.exit_code == 0);
  CHECK(pkgtest::sha256_of(dir / "c.zip") == later);
}

TEST_CASE("DOS timestamps are UTC and clamped to the DOS range", "[package][reproducible][unit]") {
  CHECK(package::dos_time_from_unix(0) == ((0u << 25 | 1u << 21 | 1u << 16)));  // 1980-01-01 00:00:00
  // 2023-11-14 22:13:20 UTC
  std::uint32_t t = package::dos_time_from_unix(1700000000);
  CHECK(((t >> 25) + 1980) == 2023);
  CHECK(((t >> 21) & 0xf) == 11);
  CHECK(((t >> 16) & 0x1f) == 14);
  CHECK(((t >> 11) & 0x1f) == 22);
  CHECK(((t >> 5) & 0x3f) == 13);
  CHECK((t & 0x1f) == 10);
}

TEST_CASE("option --store-so stores shared objects and deflates the rest", "[package][reproducible][unit]") {
  test::TempDir dir;
  pkgtest::VariantSpec spec{"torch212-cxx11-cpu-x86_64-linux"};
  spec.with_so = true;
  pkgtest::write_variant(dir / "build", spec);
  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  o.store_so = true;
  o.allow_nonconformant = true;  // independent of which ELF rules exist
  REQUIRE(package::package(o).written);
  tree::ZipArchive z(dir / "o.zip");
  int so = 0;
  for (const auto& e : z.entries()) {
    bool is_so = e.name.size() > 3 && e.name.compare(e.name.size() - 3, 3, ".so") == 0;
    so += is_so;
    CHECK(e.method == (is_so ? 0 : 8));
  }
  CHECK(so == 1);
}
