// SPDX-License-Identifier: Apache-2.0
// The .so fixtures of tests/fixtures/elf_fixtures.cmake and a way to run `kb inspect` on them.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/test_env.hpp"

namespace kb::test {

inline std::filesystem::path elf_fixture(const std::string& name) {
  auto p = binary_dir() / "tests" / "fixtures" / "elf" / name;
  INFO("fixture " << p << " (built by the kb_elf_fixtures target)");
  REQUIRE(std::filesystem::exists(p));
  return p;
}

struct InspectRun {
  int exit_code = -1;
  nlohmann::json report;
  std::string output;  // stdout+stderr of kb
  // Rule ids with at least one finding of `severity` ("error" by default).
  std::set<std::string> rules(const std::string& severity = "error") const {
    std::set<std::string> out;
    for (const auto& t : report["targets"])
      for (const auto& f : t["findings"])
        if (f["severity"] == severity) out.insert(f["rule"].get<std::string>());
    return out;
  }
  std::vector<std::string> subjects(const std::string& rule) const {
    std::vector<std::string> out;
    for (const auto& t : report["targets"])
      for (const auto& f : t["findings"])
        if (f["rule"] == rule) out.push_back(f["subject"].get<std::string>());
    return out;
  }
};

// kb inspect --format json --output <tmp> <paths...> <options...>
inline InspectRun inspect_json(const std::vector<std::string>& paths, const std::vector<std::string>& options = {}) {
  TempDir tmp;
  std::vector<std::string> args{"inspect", "--format", "json", "--output", (tmp / "report.json").string()};
  args.insert(args.end(), paths.begin(), paths.end());
  args.insert(args.end(), options.begin(), options.end());
  CommandResult r = run_kb(args);
  InspectRun out;
  out.exit_code = r.exit_code;
  out.output = r.output;
  if (std::filesystem::exists(tmp / "report.json")) out.report = nlohmann::json::parse(read_text(tmp / "report.json"));
  return out;
}

}  // namespace kb::test
