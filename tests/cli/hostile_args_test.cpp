// SPDX-License-Identifier: Apache-2.0
// Every subcommand driven with hostile paths and arguments: whatever happens, kb answers with a
// code from the exit-code table (README "Exit codes") and a "kb: error:" line, never a crash
// (134 abort, 139 segfault) or an uncaught exception.
#include <catch2/catch.hpp>

#include <set>

#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

const std::set<int> k_table{0, 1, 2, 3, 4, 5, 130};

struct Hostile {
  test::TempDir dir;
  std::vector<std::string> paths;
  Hostile() {
    test::write_text(dir / "file", "not a directory\n");
    test::write_text(dir / "bad.zip", "PK\x03\x04 truncated");
    test::write_text(dir / "build.toml", "[general\nname = \n");
    test::write_text(dir / "garbage.so", std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(64, '\xff'));
    fs::create_directories(dir / "empty");
    fs::create_directories(dir / "scratch");
    fs::create_directories(dir / "build/torch-cpu");
    test::write_text(dir / "build/torch-cpu/metadata.json", "{\"name\": ");
    fs::create_symlink(dir / "missing", dir / "dangling");
    paths = {(dir / "file/proj").string(), (dir / "missing/deeper").string(), (dir / "file").string(),
             (dir / "bad.zip").string(), (dir / "garbage.so").string(), (dir / "empty").string(),
             dir.path().string(), (dir / "dangling").string(), "", std::string(5000, 'a'),
             "/proc/self/mem", "-", "a\nb", "/dev/null"};
  }
};

// Runs kb (in `cwd`: an empty path means the current directory) and checks the exit code is in
// the table; an error exit must print kb's error line, except that kb inspect reports an input it
// cannot read as an `input.unreadable` finding (exit 3) so the other inputs are still checked.
void expect_table(const std::vector<std::string>& args, const fs::path& cwd) {
  CommandResult r = test::run_kb(args, cwd);
  std::string line;
  for (const std::string& a : args) line += "[" + a.substr(0, 80) + "] ";
  INFO("kb " << line << "-> " << r.exit_code << "\n" << r.output.substr(0, 2000));
  CHECK(k_table.count(r.exit_code) == 1);
  bool inspect = !args.empty() && args[0] == "inspect";
  bool reported = r.output.find("kb: error:") != std::string::npos ||
                  (inspect && r.output.find("unreadable") != std::string::npos);
  if (r.exit_code >= 3) CHECK(reported);
}

}  // namespace

TEST_CASE("kb init under a regular file exits 4 with the path and a hint", "[cli][errors][unit]") {
  test::TempDir dir;
  test::write_text(dir / "file", "x\n");
  CommandResult r = test::run_kb({"init", "--name", "me/foo", (dir / "file/proj").string()});
  INFO(r.output);
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.output, Catch::Contains((dir / "file").string()) && Catch::Contains("hint:"));
}

TEST_CASE("every subcommand answers hostile paths with a code from the exit-code table", "[cli][errors][e2e]") {
  Hostile h;
  const std::string out = (h.dir / "file/out.zip").string();
  for (const std::string& p : h.paths) {
    expect_table({"inspect", p}, h.dir / "empty");
    expect_table({"inspect", "--format", "json", "--output", (h.dir / "file/r.json").string(), p}, h.dir / "empty");
    expect_table({"inspect", "--archs", p}, h.dir / "empty");
    expect_table({"package", p, "--output", out}, h.dir / "empty");
    expect_table({"package", h.dir.path().string(), "--output", p}, h.dir / "empty");
    expect_table({"package", "--verify", p}, h.dir / "empty");
    expect_table({"publish", p, "--repo-id", "org/x", "--dry-run"}, h.dir / "empty");
    expect_table({"check-config", p}, h.dir / "empty");
    expect_table({"update-build", p}, h.dir / "empty");
    expect_table({"variants", p}, h.dir / "empty");
    expect_table({"build", p, "--cache-dir", (h.dir / "file/cache").string()}, h.dir / "empty");
    expect_table({"init", "--name", "me/foo", p}, h.dir / "scratch");  // never where build runs
  }
}

TEST_CASE("every subcommand answers hostile option values with a code from the exit-code table", "[cli][errors][e2e]") {
  Hostile h;
  const std::string d = h.dir.path().string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"inspect", d, "--jobs", "-5"},          {"inspect", d, "--policy", ""},
           {"inspect", d, "--python-abi", "x.y.z"}, {"inspect", d, "--torch-stable-abi", "99999999999999.1"},
           {"inspect", "--explain", ""},            {"inspect", d, "--libdir", d + "/file"},
           {"inspect", d, "--ignore", ",,,"},       {"package", d, "--output", d},
           {"package", d, "--card", d + "/file/x"}, {"package", d, "-o", d + "/o.zip", "--jobs", "-1"},
           {"publish", d, "--jobs", "0"},           {"publish", d, "--repo-id", "../../x", "--dry-run"},
           {"publish", d, "--branch", "a..b", "--dry-run", "--repo-id", "o/x"},
           {"init", "--name", "", d + "/n1"},       {"init", "--name", "no-slash", d + "/n2"},
           {"init", "--name", "me/foo", "--backends", "nope", d + "/n3"},
           {"build", d, "--torch", "x"},            {"build", d, "--jobs", "-3"},
           {"variants", d, "--format", "yaml"},     {"nope"},
           {}, {"--version"}}) {
    expect_table(args, h.dir / "empty");
  }
}
