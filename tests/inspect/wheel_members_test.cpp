// SPDX-License-Identifier: Apache-2.0
// --profile wheel opens wheels through the kernel-tree model (core/tree): members listed by it,
// hostile ones refused by its one name check, ELF members read in memory or through a temp file
// with the same facts, and one archive read from several threads at once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "core/tree/kernel_tree.hpp"
#include "inspect/member_elf.hpp"
#include "inspect/report_formats.hpp"
#include "tests/inspect/elf_rule_fixtures.hpp"
#include "tests/package/package_fixture.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

// A zip of (member name, file on disk) pairs, written by Python's zipfile (deflated).
void zip_files(const fs::path& zip, const std::vector<std::pair<std::string, fs::path>>& files) {
  std::vector<std::string> argv{"python3", "-c",
                                "import sys, zipfile\n"
                                "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
                                "    for n, f in zip(sys.argv[2::2], sys.argv[3::2]): z.write(f, n)\n",
                                zip.string()};
  for (const auto& [name, file] : files) {
    argv.push_back(name);
    argv.push_back(file.string());
  }
  REQUIRE(test::run(argv).exit_code == 0);
}

const tree::Member& member(const tree::KernelTree& t, const std::string& rel) {
  for (const tree::Member& m : t.members)
    if (m.rel == rel) return m;
  FAIL("no member " << rel);
  throw;
}

}  // namespace

TEST_CASE("the wheel profile lists a wheel's members and refuses its hostile ones by the tree model's check",
          "[inspect][wheel][unit]") {
  test::TempDir dir;
  const fs::path whl = dir / "pkg-1.0-py3-none-any.whl";
  pkgtest::write_raw_zip(whl, {"pkg/__init__.py", "../evil.py", "pkg/a\\b.py", "pkg-1.0.dist-info/RECORD"});
  Report r = inspect::inspect({whl}, inspect::Options{}, "wheel");
  REQUIRE(r.targets.size() == 1);
  const TargetReport& t = r.targets[0];
  CHECK(t.kind == "wheel");
  CHECK_FALSE(t.unreadable);
  std::vector<std::string> refused;
  for (const Finding& f : t.findings)
    if (f.rule == "tree.layout") refused.push_back(f.subject);
  std::sort(refused.begin(), refused.end());
  CHECK(refused == std::vector<std::string>{"../evil.py", "pkg/a\\b.py"});
}

TEST_CASE("an ELF member is read in memory and through a temp file with the same facts", "[inspect][wheel][unit]") {
  test::TempDir dir;
  const fs::path so = test::elf_fixture("needed-libfoo.so");
  zip_files(dir / "w.whl", {{"pkg/_foo.so", so}, {"pkg/__init__.py", dir / "w.whl"}});
  tree::KernelTree t = tree::open_kernel_tree(dir / "w.whl");
  const tree::Member& m = member(t, "pkg/_foo.so");
  std::optional<inspect::SoFacts> in_memory = inspect::read_member_elf(m, true, false);
  std::optional<inspect::SoFacts> via_file = inspect::read_member_elf(m, true, false, 0);
  REQUIRE(in_memory);
  REQUIRE(via_file);
  CHECK(in_memory->path == (dir / "w.whl").string() + "!pkg/_foo.so");
  CHECK(via_file->path == in_memory->path);
  CHECK(via_file->needed == in_memory->needed);
  CHECK(std::any_of(in_memory->needed.begin(), in_memory->needed.end(),
                    [](const std::string& n) { return n.rfind("libfoo", 0) == 0; }));
  CHECK_FALSE(inspect::read_member_elf(member(t, "pkg/__init__.py"), true, false));  // not ELF: skipped
}

TEST_CASE("one archive is read from several threads at once, each stream on its own handle", "[core][tree][unit]") {
  test::TempDir dir;
  const fs::path so = test::elf_fixture("needed-libfoo.so");
  std::vector<std::pair<std::string, fs::path>> files;
  for (int i = 0; i < 16; ++i) files.push_back({"pkg/lib" + std::to_string(i) + ".so", so});
  zip_files(dir / "w.whl", files);
  const tree::KernelTree t = tree::open_kernel_tree(dir / "w.whl");
  REQUIRE(t.members.size() == 16);
  const std::string expected = test::read_text(so);
  std::vector<int> same(8, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k)
    threads.emplace_back([&, k] {
      for (int round = 0; round < 4; ++round)
        for (const tree::Member& m : t.members) same[k] += m.read_text() == expected;
    });
  for (std::thread& th : threads) th.join();
  for (int n : same) CHECK(n == 4 * 16);
}
