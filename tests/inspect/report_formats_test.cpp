// SPDX-License-Identifier: Apache-2.0
// kb inspect --format sarif|junit|html on the ELF and fatbin fixtures: SARIF accepted by the OASIS
// 2.1.0 schema (python3-jsonschema), JUnit well-formed with one case per file x rule, the HTML
// page rendered by a real headless browser (Debian's chromium).
#include <filesystem>
#include <regex>

#include "tests/inspect/elf_rule_fixtures.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"

using namespace kb::test;
using kb::CommandResult;
namespace fs = std::filesystem;

namespace {

// A directory with a failing .so, a passing one and a fatbin with SASS sm_80/sm_90 + PTX compute_90.
fs::path sample_dir(const TempDir& tmp) {
  fs::create_directories(tmp / "wheel/pkg");
  fs::copy_file(elf_fixture("glibc-2.29.so"), tmp / "wheel/pkg/_new_glibc.so");
  fs::copy_file(elf_fixture("needed-libfoo.so"), tmp / "wheel/pkg/_foo.so");
  fs::copy_file(fatbin_fixture("gencode_ptx"), tmp / "wheel/pkg/_cuda.so");
  return tmp / "wheel";
}

std::string kb_report(const fs::path& dir, const std::string& format, const TempDir& tmp) {
  const fs::path out = tmp / ("report." + format);
  CommandResult r = run_kb({"inspect", "--format", format, "--output", out.string(), dir.string()});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  REQUIRE(fs::exists(out));
  return read_text(out);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("kb inspect --format sarif validates against the SARIF 2.1.0 schema", "[inspect][report][e2e]") {
  TempDir tmp;
  const std::string sarif = kb_report(sample_dir(tmp), "sarif", tmp);
  const auto j = nlohmann::json::parse(sarif);
  CHECK(j["version"] == "2.1.0");
  // Rule metadata is the --explain text.
  CommandResult explain = run_kb({"inspect", "--explain", "elf.needed"});
  bool found = false;
  for (const auto& d : j["runs"][0]["tool"]["driver"]["rules"])
    if (d["id"] == "elf.needed") {
      found = true;
      CHECK(explain.output.find(d["fullDescription"]["text"].get<std::string>()) != std::string::npos);
    }
  CHECK(found);
  std::set<std::string> rules;
  for (const auto& r : j["runs"][0]["results"]) rules.insert(r["ruleId"].get<std::string>());
  CHECK(rules == std::set<std::string>{"abi.manylinux", "elf.needed"});
  const fs::path validator = "/usr/bin/python3";
  INFO("Debian python3 with python3-jsonschema is installed by scripts/deps.sh");
  REQUIRE(fs::exists(validator));
  write_text(tmp / "out.sarif", sarif);
  CommandResult v = run({validator.string(), (source_dir() / "tests/inspect/referee/validate_sarif.py").string(),
                         (source_dir() / "tests/fixtures/sarif/sarif-schema-2.1.0.json").string(),
                         (tmp / "out.sarif").string()});
  INFO(v.output);
  CHECK(v.exit_code == 0);
  // The validator is not a rubber stamp: a result without a message is rejected.
  auto broken = j;
  broken["runs"][0]["results"][0].erase("message");
  write_text(tmp / "broken.sarif", broken.dump());
  CHECK(run({validator.string(), (source_dir() / "tests/inspect/referee/validate_sarif.py").string(),
             (source_dir() / "tests/fixtures/sarif/sarif-schema-2.1.0.json").string(), (tmp / "broken.sarif").string()})
            .exit_code == 1);
}

TEST_CASE("kb inspect --format junit has one testcase per file x rule and fails on errors", "[inspect][report][e2e]") {
  TempDir tmp;
  const std::string xml = kb_report(sample_dir(tmp), "junit", tmp);
  const std::size_t per_file = count(xml, "<testcase classname=\"" + (tmp / "wheel/pkg/_foo.so").string() + "\"");
  CHECK(per_file >= 12);  // every abi.*, elf.* and per-file cuda.* rule
  CHECK(count(xml, "<testcase ") == 3 * per_file);
  CHECK(count(xml, "<failure ") == 2);  // abi.manylinux on _new_glibc.so, elf.needed on _foo.so
  CHECK(std::regex_search(xml, std::regex("name=\"elf.needed\">\\s*<failure type=\"elf.needed\"")));
  // Well-formed XML, read by Python's own parser.
  write_text(tmp / "out.xml", xml);
  CommandResult p = run({"/usr/bin/python3", "-c",
                         "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
                         "print(r.get('tests'), r.get('failures'))",
                         (tmp / "out.xml").string()});
  INFO(p.output);
  CHECK(p.exit_code == 0);
  CHECK(p.output == std::to_string(3 * per_file) + " 2\n");
}

TEST_CASE("kb inspect --format html renders in headless chromium with verdict and arch matrix", "[inspect][report][e2e]") {
  TempDir tmp;
  const std::string html = kb_report(sample_dir(tmp), "html", tmp);
  CHECK(html.find("<script") == std::string::npos);  // self-contained and static
  CHECK(html.find("http") == std::string::npos);
  write_text(tmp / "report.html", html);
  INFO("chromium (Debian) is installed by scripts/deps.sh");
  REQUIRE(fs::exists("/usr/bin/chromium"));
  const std::vector<std::string> headless{"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                          "--user-data-dir=" + (tmp / "profile").string()};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = headless;
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("file://" + (tmp / "report.html").string());
    return run(argv);
  };
  CommandResult dom = with({"--dump-dom"});
  INFO(dom.output);
  REQUIRE(dom.exit_code == 0);
  CHECK(dom.output.find("FAIL: 2 error(s), 0 warning(s) in 3 file(s)") != std::string::npos);
  // The matrix row of the CUDA .so: SASS sm_80, SASS+PTX sm_90, in the order of the header.
  CHECK(std::regex_search(dom.output, std::regex("_cuda\\.so</td><td class=\"sass\">SASS</td><td class=\"both\">SASS\\+PTX</td>")));
  CHECK(dom.output.find("<code>abi.manylinux</code>") != std::string::npos);
  CommandResult shot = with({"--screenshot=" + (tmp / "shot.png").string(), "--window-size=1100,700"});
  INFO(shot.output);
  REQUIRE(fs::exists(tmp / "shot.png"));
  CHECK(fs::file_size(tmp / "shot.png") > 10000);  // a rendered page, not a blank one
}
