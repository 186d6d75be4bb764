// SPDX-License-Identifier: Apache-2.0
// Referees on the ELF fixtures: `auditwheel show` (each fixture in a minimal wheel) and
// kernel-abi-check 0.14.1's Python bindings, compared with kb's verdicts. Every row states all
// three verdicts; where a referee differs from kb, `why` names its documented blind spot
// (docs/notes/issue-2-rules.md). A referee that changes behaviour fails this test.
#include <regex>

#include "tests/inspect/elf_rule_fixtures.hpp"

using namespace kb::test;
using nlohmann::json;

namespace {

const std::vector<std::string> k_fixtures = {
    "glibc-2.28.so", "glibc-2.29.so", "glibc-2.29-lld.so", "glibc-2.29-stripped.so", "glibc-private.so",
    "dt-relr.so", "glibcxx-3.4.29.so", "glibcxx-maxima.so", "needed-libfoo.so", "needed-libcudart13.so",
    "execstack.so", "textrel.so", "gnu-unique.so", "runpath-nix.so", "_pyok.abi3.so", "_py310.abi3.so",
    "_py310s.abi3.so", "_pybind_like.abi3.so", "_cp.cpython-311-x86_64-linux-gnu.so"};

struct Verdicts {
  json referees;    // elf_referees.py output, by file name
  InspectRun kb;    // kb inspect on every fixture, default options (manylinux_2_28, Python 3.9)
};

const Verdicts& verdicts() {
  static const Verdicts v = [] {
    const auto py = python();
    INFO("referee venv missing: run `make deps` (scripts/deps.sh installs tests/requirements.txt)");
    REQUIRE(!py.empty());
    static TempDir tmp;
    std::vector<std::string> argv{py.string(), (source_dir() / "tests/inspect/referee/elf_referees.py").string(),
                                  tmp.path().string(), (tmp / "verdicts.json").string()};
    std::vector<std::string> paths;
    for (const auto& f : k_fixtures) paths.push_back(elf_fixture(f).string());
    argv.insert(argv.end(), paths.begin(), paths.end());
    kb::CommandResult r = run(argv);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return Verdicts{json::parse(read_text(tmp / "verdicts.json")), inspect_json(paths)};
  }();
  return v;
}

// kb's verdict for one rule on one fixture: "fail" when an error finding of `rule` names it.
std::string kb_verdict(const std::string& fixture, const std::string& rule, bool skip_file_name = false) {
  for (const auto& t : verdicts().kb.report["targets"])
    if (std::filesystem::path(t["path"].get<std::string>()).filename() == fixture)
      for (const auto& f : t["findings"])
        if (f["rule"] == rule && f["severity"] == "error" && !(skip_file_name && f["subject"] == fixture)) return "fail";
  return "pass";
}

// auditwheel passes manylinux_2_28 when the symbol tag is manylinux_2_Y with Y <= 28.
std::string auditwheel_manylinux(const json& aw) {
  if (aw.contains("error")) return "error";
  std::smatch m;
  std::string tag = aw["sym_tag"];
  return std::regex_match(tag, m, std::regex("manylinux_2_(\\d+)_.*")) && std::stoi(m[1]) <= 28 ? "pass" : "fail";
}

std::string kac(const json& j) { return j.is_object() ? "error" : j.empty() ? "pass" : "fail"; }

struct Row {
  std::string fixture, kb, auditwheel, kernel_abi_check, why;
};

void check_rows(const std::string& rule, const std::vector<Row>& rows, const std::string& aw_key) {
  for (const Row& row : rows) {
    const json& ref = verdicts().referees.at(row.fixture);
    INFO(rule << " on " << row.fixture << ": " << row.why << "\n" << ref.dump(1));
    CHECK(kb_verdict(row.fixture, rule, rule == "abi.python") == row.kb);
    if (!row.auditwheel.empty()) {
      const json& aw = ref["auditwheel"];
      std::string got = aw_key == "sym_tag" ? auditwheel_manylinux(aw)
                        : aw.contains("error") ? "error"
                        : aw["external_libs"].empty() ? "pass" : "fail";
      CHECK(got == row.auditwheel);
    }
    if (!row.kernel_abi_check.empty())
      CHECK(kac(ref["kernel_abi_check"][rule == "abi.python" ? "python_abi" : "manylinux"]) == row.kernel_abi_check);
  }
}

}  // namespace

TEST_CASE("referees: abi.manylinux vs auditwheel show and kernel-abi-check", "[inspect][referee][abi.manylinux]") {
  check_rows("abi.manylinux", {
      {"glibc-2.28.so", "pass", "pass", "pass", "all agree"},
      {"glibc-2.29.so", "fail", "fail", "fail", "all agree"},
      {"glibcxx-3.4.29.so", "fail", "fail", "fail", "all agree"},
      {"glibc-2.29-lld.so", "fail", "fail", "pass", "kernel-abi-check reads name@VER from .symtab; lld writes plain names (G2)"},
      {"glibc-2.29-stripped.so", "fail", "fail", "pass", "kernel-abi-check reads only .symtab, which strip removes (G1)"},
      {"dt-relr.so", "fail", "fail", "pass", "GLIBC_ABI_DT_RELR has no symbol; kernel-abi-check sees only symbols (G3)"},
      {"glibc-private.so", "fail", "fail", "error", "kernel-abi-check aborts on the non-numeric token PRIVATE (G3)"},
      {"glibcxx-maxima.so", "pass", "pass", "error", "CXXABI_TM_1 is in auditwheel's set; kernel-abi-check cannot parse TM_1 (G3)"},
  }, "sym_tag");
}

TEST_CASE("referees: elf.needed vs auditwheel's external libraries", "[inspect][referee][elf.needed]") {
  check_rows("elf.needed", {
      {"glibc-2.28.so", "pass", "pass", "", "libc.so.6 is whitelisted"},
      {"needed-libfoo.so", "fail", "fail", "", "both: libfoo.so.1 is not whitelisted (kernel-abi-check has no such check, G4)"},
      {"needed-libcudart13.so", "pass", "fail", "",
       "outside a variant dir kb accepts libcudart.so.<N> (info finding); auditwheel would graft it into the wheel"},
  }, "external_libs");
}

TEST_CASE("referees: abi.python vs kernel-abi-check", "[inspect][referee][abi.python]") {
  check_rows("abi.python", {
      {"_pyok.abi3.so", "pass", "", "pass", "all agree"},
      {"_py310.abi3.so", "fail", "", "fail", "Py_NewRef (3.10) > 3.9: both"},
      {"_pybind_like.abi3.so", "fail", "", "fail", "PyInstanceMethod_New is not abi3: both"},
      {"_py310s.abi3.so", "fail", "", "pass", "stripped: kernel-abi-check reads only .symtab (G1)"},
      {"_cp.cpython-311-x86_64-linux-gnu.so", "pass", "", "pass", "symbols agree; the file-name check is kb's alone"},
  }, "");
  auto subjects = verdicts().kb.subjects("abi.python");
  std::sort(subjects.begin(), subjects.end());
  CHECK(subjects == std::vector<std::string>{"PyInstanceMethod_New", "Py_NewRef", "Py_NewRef",
                                             "_cp.cpython-311-x86_64-linux-gnu.so"});
}

TEST_CASE("referees: rules no referee checks", "[inspect][referee]") {
  // auditwheel show and kernel-abi-check pass these; only kb reports them (G6, G10).
  for (const auto& [fixture, rule] : std::vector<std::pair<std::string, std::string>>{
           {"execstack.so", "elf.execstack"}, {"textrel.so", "elf.textrel"},
           {"gnu-unique.so", "elf.gnu-unique"}, {"runpath-nix.so", "elf.rpath"}}) {
    const json& ref = verdicts().referees.at(fixture);
    INFO(fixture << "\n" << ref.dump(1));
    CHECK(kb_verdict(fixture, rule) == "fail");
    CHECK(auditwheel_manylinux(ref["auditwheel"]) == "pass");
    CHECK(ref["auditwheel"]["external_libs"].empty());
    CHECK(kac(ref["kernel_abi_check"]["manylinux"]) == "pass");
    CHECK(kac(ref["kernel_abi_check"]["python_abi"]) == "pass");
  }
}
