// SPDX-License-Identifier: Apache-2.0
// Golden reports: `kb inspect` over every ELF fixture (tests/fixtures/elf_fixtures.cmake, the
// top-level *.so of out/tests/fixtures/elf) in one run, rendered as text and as JSON, compared
// byte for byte with tests/inspect/golden/. A change to a rule's wording, a finding's subject or
// the report layout shows up here as a reviewable diff.
//
// To regenerate after an intended change (docs/testing.md, "Golden files"):
//   KB_UPDATE_GOLDEN=1 out/tests/kb_tests "[golden]"   then review `git diff tests/inspect/golden`
// On a mismatch the actual reports are also written next to the binaries
// (out/elf-fixtures.actual.{txt,json}). The fixtures are linked at build time by the host's
// compiler and linker, so a new toolchain may change symbol versions or sizes: regenerate and
// review then, too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "inspect/inspect.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

std::vector<fs::path> elf_fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(test::binary_dir() / "tests/fixtures/elf"))
    if (e.is_regular_file() && e.path().extension() == ".so") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The build dir differs between checkouts: fixtures are named relative to it.
std::string portable(std::string text) {
  const std::string dir = (test::binary_dir() / "tests/fixtures/elf").string();
  for (std::size_t at; (at = text.find(dir)) != std::string::npos;) text.replace(at, dir.size(), "<fixtures>");
  return text;
}

void compare(const std::string& actual, const std::string& name) {
  const fs::path golden = test::source_dir() / "tests/inspect/golden" / name;
  if (const char* update = std::getenv("KB_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    test::write_text(golden, actual);
    WARN("rewrote " << golden.string());
  }
  REQUIRE(fs::exists(golden));
  const std::string expected = test::read_text(golden);
  if (actual != expected) test::write_text(test::binary_dir() / ("elf-fixtures.actual" + golden.extension().string()), actual);
  CHECK(actual == expected);
}

}  // namespace

TEST_CASE("kb inspect's text and JSON reports over the ELF fixtures match the golden files", "[inspect][golden][unit]") {
  const std::vector<fs::path> fixtures = elf_fixtures();
  REQUIRE(fixtures.size() >= 20);
  inspect::Options options;
  options.jobs = 2;
  const Report report = inspect::inspect(fixtures, options);
  compare(portable(inspect::render_text(report, false)), "elf-fixtures.txt");
  compare(portable(inspect::render_json(report)), "elf-fixtures.json");
}
