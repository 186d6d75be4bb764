// SPDX-License-Identifier: Apache-2.0
// tree.metadata and tree.digest agree with the kernels library (PyPI kernels, its Rust core)
// on the same variant directories: which metadata.json files parse, and which digest
// violations (missing, unknown, mismatched files) each variant has.
#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
namespace fs = std::filesystem;
using nlohmann::json;
using Violations = std::set<std::pair<std::string, std::string>>;

namespace {

void edit_metadata(const fs::path& v, const std::function<void(json&)>& edit) {
  json m = json::parse(read_text(v / "metadata.json"));
  edit(m);
  write_text(v / "metadata.json", m.dump(2));
}

// Each case: a noarch variant with a sha256 digest (unless the edit says otherwise), then a change.
std::map<std::string, std::function<void(const fs::path&)>> cases() {
  const std::string sha = std::string(40, 'a');
  return {
      {"ok", [](const fs::path&) {}},
      {"ok-symlink", [](const fs::path& v) { fs::create_symlink("_ops.py", v / "ops_link.py"); rehash(v); }},
      {"ok-excludes", [](const fs::path& v) {
         write_text(v / "__pycache__/x.pyc", "x");
         write_text(v / "metadata.json.sigstore", "{}");
       }},
      {"no-python-depends", [](const fs::path& v) { edit_metadata(v, [](json& m) { m.erase("python-depends"); }); }},
      {"bad-name", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["name"] = "Relu_Kernel"; }); }},
      {"bad-backend", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["backend"]["type"] = "cuda12"; }); }},
      {"bad-commit", [](const fs::path& v) {
         edit_metadata(v, [](json& m) { m["provenance"] = {{"kernel-builder", {{"version", "1"}}}, {"kernel", {{"commit", "abc123"}, {"dirty", false}}}}; });
       }},
      {"commit-without-dirty", [sha](const fs::path& v) {
         edit_metadata(v, [&](json& m) { m["provenance"] = {{"kernel-builder", {{"version", "1"}}}, {"kernel", {{"commit", sha}}}}; });
       }},
      {"provenance-without-builder", [sha](const fs::path& v) {
         edit_metadata(v, [&](json& m) { m["provenance"] = {{"kernel", {{"commit", sha}, {"dirty", false}}}}; });
       }},
      {"ok-provenance", [sha](const fs::path& v) {
         edit_metadata(v, [&](json& m) { m["provenance"] = {{"kernel-builder", {{"version", "1"}}}, {"kernel", {{"sha", sha}, {"dirty", true}}}}; });
       }},
      {"ok-unknown-key", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["zzz"] = 1; }); }},
      {"negative-version", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["version"] = -1; }); }},
      {"upstream-ftp", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["upstream"] = "ftp://x/y"; }); }},
      {"ok-upstream-scp", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["upstream"] = "git@github.com:o/r"; }); }},
      {"kernel-depends-both", [](const fs::path& v) {
         edit_metadata(v, [](json& m) { m["kernel-depends"] = {{{"repo-id", "a/b"}, {"version", 1}, {"revision", "x"}}}; });
       }},
      {"no-id", [](const fs::path& v) { edit_metadata(v, [](json& m) { m.erase("id"); }); }},
      {"bad-json", [](const fs::path& v) { write_text(v / "metadata.json", "{\"name\": "); }},
      {"digest-md5", [](const fs::path& v) { edit_metadata(v, [](json& m) { m["digest"]["algorithm"] = "md5"; }); }},
      {"flipped-byte", [](const fs::path& v) { write_text(v / "_ops.py", read_text(v / "_ops.py") + " "); }},
      {"unknown-file", [](const fs::path& v) { write_text(v / "evil.py", "import os\n"); }},
      {"missing-file", [](const fs::path& v) { fs::remove(v / "__init__.py"); }},
      {"nested-metadata", [](const fs::path& v) { write_text(v / "sub/metadata.json", "{}"); }},
      {"hex-value", [](const fs::path& v) {
         edit_metadata(v, [](json& m) { m["digest"]["files"]["_ops.py"] = std::string(64, 'f'); });
       }},
      {"sha512-mismatch", [](const fs::path& v) {
         edit_metadata(v, [](json& m) { m["digest"]["algorithm"] = "sha512"; });  // values are sha256
       }},
  };
}

Violations kb_violations(const json& target) {
  Violations out;
  for (const json& f : target["findings"]) {
    if (f["rule"] != "tree.digest" || f["severity"] != "error") continue;
    std::string msg = f["message"], subject = f["subject"];
    if (msg.rfind("missing file", 0) == 0) out.insert({"MissingFile", subject});
    else if (msg.rfind("unknown file", 0) == 0) out.insert({"UnknownFile", subject});
    else out.insert({"HashMismatch", subject});  // mismatch, or a value that cannot be a digest
  }
  return out;
}

bool kb_metadata_ok(const json& target) {
  for (const json& f : target["findings"])
    if (f["rule"] == "tree.metadata" && f["severity"] == "error") return false;
  return true;
}

}  // namespace

TEST_CASE("tree.metadata and tree.digest agree with the kernels library", "[inspect][tree.digest][referee]") {
  REQUIRE_FALSE(python().empty());  // make deps installs the referee venv (tests/requirements.txt)
  TempDir dir;
  std::vector<std::string> names, dirs;
  for (const auto& [name, change] : cases()) {
    fs::path v = write_variant(dir / name, named("torch-cuda"));
    change(v);
    names.push_back(name);
    dirs.push_back(v.string());
  }
  std::vector<std::string> argv{python().string(), (source_dir() / "tests/inspect/kernels_referee.py").string()};
  argv.insert(argv.end(), dirs.begin(), dirs.end());
  CommandResult ref = run(argv);
  REQUIRE(ref.exit_code == 0);
  std::vector<std::string> kb_args{"inspect", "--format", "json"};
  kb_args.insert(kb_args.end(), dirs.begin(), dirs.end());
  CommandResult kb = run_kb(kb_args);
  REQUIRE(kb.exit_code <= 1);
  json report = json::parse(kb.output);

  std::istringstream lines(ref.output);
  std::string line;
  size_t i = 0, compared_digests = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '{') continue;  // torch may print warnings
    json r = json::parse(line);
    REQUIRE(i < names.size());
    INFO("case " << names[i] << ": kernels says " << r.dump());
    const json& target = report["targets"][i];
    CHECK(r["variant"] == dirs[i]);
    CHECK(kb_metadata_ok(target) == r["metadata_ok"].get<bool>());
    if (names[i].rfind("ok", 0) == 0) CHECK((r["metadata_ok"].get<bool>() && r["violations"].empty()));
    if (r["metadata_ok"].get<bool>()) {
      Violations theirs;
      for (const json& v : r["violations"]) theirs.insert({v[0].get<std::string>(), v[1].get<std::string>()});
      CHECK(kb_violations(target) == theirs);
      ++compared_digests;
    }
    ++i;
  }
  CHECK(i == names.size());
  CHECK(compared_digests >= 10);
}
