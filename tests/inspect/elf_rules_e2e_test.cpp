// SPDX-License-Identifier: Apache-2.0
// kb inspect on the generated ELF fixtures: one failing and one passing .so per rule
// (docs/conformance.md), checking rule ids, subjects, exit codes and the JSON shape.
#include "tests/inspect/elf_rule_fixtures.hpp"

using namespace kb::test;
using Rules = std::set<std::string>;

namespace {

struct Case {
  const char* fixture;
  std::vector<std::string> options;
  Rules errors;  // rule ids with error findings; empty: passes
};

const std::vector<Case> k_cases = {
    {"glibc-2.28.so", {}, {}},
    {"glibc-2.29.so", {}, {"abi.manylinux"}},
    {"glibc-2.29.so", {"--policy", "manylinux_2_31"}, {}},
    {"glibc-2.29-lld.so", {}, {"abi.manylinux"}},
    {"glibc-2.29-stripped.so", {}, {"abi.manylinux"}},
    {"glibc-private.so", {"--policy", "manylinux_2_41"}, {"abi.manylinux"}},
    {"dt-relr.so", {}, {"abi.manylinux"}},
    {"dt-relr.so", {"--policy", "manylinux_2_36"}, {}},
    {"glibcxx-3.4.29.so", {}, {"abi.manylinux"}},
    {"glibcxx-maxima.so", {}, {}},
    {"needed-libfoo.so", {}, {"elf.needed"}},
    {"runpath-nix.so", {}, {"elf.rpath"}},
    {"rpath-origin.so", {}, {}},
    {"execstack.so", {}, {"elf.execstack"}},
    {"textrel.so", {}, {"elf.textrel"}},
    {"gnu-unique.so", {}, {"elf.gnu-unique"}},
    {"gnu-unique-off.so", {}, {}},
    {"_pyok.abi3.so", {}, {}},
    {"_py310.abi3.so", {}, {"abi.python"}},
    {"_py310.abi3.so", {"--python-abi", "3.10"}, {}},
    {"_pybind_like.abi3.so", {}, {"abi.python"}},
    {"_cp.cpython-311-x86_64-linux-gnu.so", {}, {"abi.python"}},
    {"_renamed.abi3.so", {}, {"elf.pyinit"}},
    {"torch-c10.so", {}, {}},  // abi.torch-stable is off without --torch-stable-abi
    {"torch-c10.so", {"--torch-stable-abi", "2.12"}, {"abi.torch-stable"}},
    {"torch-stable-2.12.so", {"--torch-stable-abi", "2.12"}, {}},
    {"torch-stable-2.12.so", {"--torch-stable-abi", "2.11"}, {"abi.torch-stable"}},
    {"aarch64/glibc-217-aarch64.so", {}, {}},                  // GLIBC_2.17 exists on aarch64
    {"aarch64/glibc-225-aarch64.so", {}, {"abi.manylinux"}},   // GLIBC_2.2.5 is x86_64-only
};

}  // namespace

TEST_CASE("kb inspect: each ELF fixture fails exactly its rule", "[inspect][e2e][elf-rules]") {
  for (const Case& c : k_cases) {
    InspectRun r = inspect_json({elf_fixture(c.fixture).string()}, c.options);
    std::string opts;
    for (const auto& o : c.options) opts += " " + o;
    INFO(c.fixture << opts << "\n" << r.output << r.report.dump(2));
    CHECK(r.rules() == c.errors);
    CHECK(r.exit_code == (c.errors.empty() ? 0 : 1));
  }
}

TEST_CASE("kb inspect names each offending symbol and version", "[inspect][e2e][abi.manylinux]") {
  for (const char* f : {"glibc-2.29.so", "glibc-2.29-lld.so", "glibc-2.29-stripped.so"}) {
    INFO(f);
    CHECK(inspect_json({elf_fixture(f).string()}).subjects("abi.manylinux") == std::vector<std::string>{"exp2f@GLIBC_2.29"});
  }
  CHECK(inspect_json({elf_fixture("dt-relr.so").string()}).subjects("abi.manylinux") ==
        std::vector<std::string>{"GLIBC_ABI_DT_RELR"});
  CHECK(inspect_json({elf_fixture("glibcxx-3.4.29.so").string()}).subjects("abi.manylinux") ==
        std::vector<std::string>{"_ZSt8to_charsPcS_d@GLIBCXX_3.4.29"});
  auto torch = inspect_json({elf_fixture("torch-c10.so").string()}, {"--torch-stable-abi", "2.10"});
  auto subjects = torch.subjects("abi.torch-stable");
  std::sort(subjects.begin(), subjects.end());
  CHECK(subjects == std::vector<std::string>{"_ZN2at6native3addIfEEvPT_", "_ZN3c1011StorageImplD1Ev",
                                             "_ZN3c106detail14torchCheckFailEPKcS2_jS2_", "_ZTVN3c1011StorageImplE",
                                             "aoti_torch_cpu__grouped_mm"});
}

TEST_CASE("kb inspect checks libcudart against the variant directory", "[inspect][e2e][elf.needed]") {
  TempDir tmp;
  auto place = [&](const std::string& variant) {
    auto dir = tmp / variant;
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(elf_fixture("needed-libcudart13.so"), dir / "_k.so");
    return (dir / "_k.so").string();
  };
  auto bad = inspect_json({place("torch212-cxx11-cu126-x86_64-linux")});
  CHECK(bad.rules() == Rules{"elf.needed"});
  CHECK(bad.subjects("elf.needed") == std::vector<std::string>{"libcudart.so.13"});
  CHECK(bad.exit_code == 1);
  auto good = inspect_json({place("torch212-cxx11-cu130-x86_64-linux")});
  CHECK(good.rules() == Rules{});
  CHECK(good.exit_code == 0);
  auto lone = inspect_json({elf_fixture("needed-libcudart13.so").string()});
  CHECK(lone.rules() == Rules{});
  CHECK(lone.rules("info") == Rules{"elf.needed"});
}

TEST_CASE("kb inspect JSON shape and exit codes with unreadable inputs", "[inspect][e2e][json]") {
  TempDir tmp;
  write_text(tmp / "garbage.so", std::string("\x7f" "ELF not really an ELF file", 26));
  const std::string garbage = (tmp / "garbage.so").string();
  auto r = inspect_json({elf_fixture("glibc-2.29.so").string(), garbage, elf_fixture("glibc-2.28.so").string()});
  CHECK(r.exit_code == 1);  // a real violation outranks "could not check"
  const auto& j = r.report;
  CHECK(j["schema"] == 1);
  REQUIRE(j["targets"].size() == 3);
  for (const auto& t : j["targets"]) {
    CHECK(t["kind"] == "so");
    CHECK(t["path"].is_string());
    for (const auto& f : t["findings"])
      for (const char* key : {"rule", "severity", "message", "file", "subject"}) CHECK(f[key].is_string());
  }
  CHECK(j["targets"][1]["findings"][0]["rule"] == "input.unreadable");
  CHECK(j["targets"][2]["findings"].empty());  // the file after the unreadable one was still checked
  CHECK(j["summary"]["files"] == 3);
  CHECK(j["summary"]["errors"].get<int>() == 2);
  CHECK(inspect_json({garbage, elf_fixture("glibc-2.28.so").string()}).exit_code == 3);
  CHECK(inspect_json({elf_fixture("glibc-2.28.so").string()}, {"--policy", "manylinux_2_99"}).exit_code == 2);
  CHECK(inspect_json({elf_fixture("glibc-2.28.so").string()}, {"--torch-stable-abi", "2"}).exit_code == 2);
}

TEST_CASE("kb inspect text output names rule ids and symbols without colour off a TTY", "[inspect][e2e][text]") {
  auto r = run_kb({"inspect", elf_fixture("glibc-2.29.so").string(), elf_fixture("gnu-unique.so").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Matchers::Contains("abi.manylinux") && Catch::Matchers::Contains("exp2f@GLIBC_2.29") &&
                           Catch::Matchers::Contains("elf.gnu-unique") && Catch::Matchers::Contains("_ZZ7countervE1n"));
  CHECK(r.output.find('\033') == std::string::npos);
}
