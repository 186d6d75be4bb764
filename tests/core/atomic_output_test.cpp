// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/atomic_output.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

TEST_CASE("an uncommitted output leaves the old target untouched", "[core][atomic][unit]") {
  test::TempDir dir;
  test::write_text(dir / "out/keep.txt", "old");
  {
    AtomicOutput out(dir / "out", true);
    test::write_text(out.temp_path() / "new.txt", "new");
  }  // no commit: e.g. a failed build
  CHECK(test::read_text(dir / "out/keep.txt") == "old");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("commit replaces a directory and a file", "[core][atomic][unit]") {
  test::TempDir dir;
  test::write_text(dir / "out/keep.txt", "old");
  AtomicOutput out(dir / "out", true);
  test::write_text(out.temp_path() / "new.txt", "new");
  out.commit();
  CHECK_FALSE(fs::exists(dir / "out/keep.txt"));
  CHECK(test::read_text(dir / "out/new.txt") == "new");
  write_file_atomic(dir / "f.txt", "one");
  write_file_atomic(dir / "f.txt", "two");
  CHECK(test::read_text(dir / "f.txt") == "two");
}
