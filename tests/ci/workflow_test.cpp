// SPDX-License-Identifier: Apache-2.0
// examples/ci/github-actions.yml is a workflow GitHub would accept: actionlint (from the referee
// venv, tests/requirements.txt) passes it and rejects a broken copy, and its matrix covers every shard.
#include <catch2/catch.hpp>

#include <regex>

#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using kb::CommandResult;

TEST_CASE("ci: the example workflow passes actionlint, a broken copy does not", "[ci][referee]") {
  fs::path actionlint = python().empty() ? fs::path() : python().parent_path() / "actionlint";
  if (actionlint.empty() || !fs::exists(actionlint)) FAIL("actionlint not in the referee venv: run `make deps`");
  fs::path workflow = source_dir() / "examples/ci/github-actions.yml";
  CommandResult ok = run({actionlint.string(), "-no-color", workflow.string()});
  INFO(ok.output);
  CHECK(ok.exit_code == 0);

  std::string text = read_text(workflow);
  TempDir tmp;
  std::string broken = std::regex_replace(text, std::regex("needs: build"), "needs: bulid");
  REQUIRE(broken != text);
  write_text(tmp / "broken.yml", broken);
  CommandResult bad = run({actionlint.string(), "-no-color", (tmp / "broken.yml").string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("bulid") != std::string::npos);
}

TEST_CASE("ci: the workflow's matrix lists shards 1..SHARDS and uses kb's commands", "[ci][unit]") {
  std::string text = read_text(source_dir() / "examples/ci/github-actions.yml");
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex("\n  SHARDS: ([0-9]+)\n")));
  int shards = std::stoi(m[1]);
  std::string list;
  for (int i = 1; i <= shards; ++i) list += (i > 1 ? ", " : "") + std::to_string(i);
  CHECK(text.find("shard: [" + list + "]") != std::string::npos);
  for (const char* cmd : {"kb build --shard", "kb package shards/*", "kb inspect shards/* --format sarif",
                          "kb publish kernel.zip --create-pr", "upload-sarif"})
    CHECK(text.find(cmd) != std::string::npos);
}
