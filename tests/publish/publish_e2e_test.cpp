// SPDX-License-Identifier: Apache-2.0
// kb publish end to end against the local Hub, checked with the real huggingface_hub client.
#include <catch2/catch.hpp>

#include "tests/publish/local_hub.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using nlohmann::json;

namespace {

const std::vector<std::string> k_variants = {"torch-cpu", "torch210-cxx11-cpu-x86_64-linux"};

void require_python() {
  if (python().empty()) FAIL("no referee venv (~/.cache/kb/venv): run `make deps`");
}

// The branch as huggingface_hub downloads it equals the local build tree (and README.md the card).
void require_snapshot_equals_tree(LocalHub& hub, const TempDir& tmp, const fs::path& kernel_dir, const std::string& rev) {
  fs::path out = tmp / ("snap-" + rev);
  fs::remove_all(out);
  auto r = hf_snapshot(hub, tmp / "hf", "kernel", "org/relu", rev, out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto got = read_tree(out);
  std::map<std::string, std::string> want;
  for (auto& [path, bytes] : read_tree(kernel_dir / "build"))
    if (path != "CARD.md") want["build/" + path] = bytes;
  std::map<std::string, std::string> got_build;
  for (auto& [path, bytes] : got)
    if (path.rfind("build/", 0) == 0) got_build[path] = bytes;
  REQUIRE(got_build == want);
}

json read_json(const fs::path& p) { return json::parse(read_text(p)); }

int count(const json& log, const std::string& method, const std::string& needle) {
  int n = 0;
  for (const auto& e : log)
    if (e["method"] == method && e["path"].get<std::string>().find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("huggingface_hub uploads a folder to the local hub and downloads it back byte for byte", "[publish][e2e][hub]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  fs::path folder = tmp / "folder";
  write_text(folder / "README.md", "---\nlicense: mit\n---\n# demo\n");
  write_text(folder / "config.json", "{\"a\": 1}\n");
  write_text(folder / "empty.txt", "");
  write_text(folder / "sub/deeper/weights.bin", std::string(5 << 20, 'w') + "tail");  // multipart
  write_text(folder / "sub/kernel.so", std::string("\x7f" "ELF\0\1\2", 8));
  auto r = run_env({python().string(), (source_dir() / "tests/hub/hf_roundtrip.py").string(), folder.string(),
                    "org/demo", (tmp / "down").string()},
                   hub_env(hub, "hf_write_token", tmp / "hf"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto down = read_tree(tmp / "down");
  for (auto it = down.begin(); it != down.end();)
    it = it->first.rfind(".cache/", 0) == 0 || it->first == ".gitattributes" ? down.erase(it) : std::next(it);
  REQUIRE(down == read_tree(folder));
  json log = hub.requests();
  CHECK(count(log, "PUT", "/_storage/part/") == 6);  // 5 MiB + 4 B in 1 MiB parts
  CHECK(count(log, "POST", "/api/models/org/demo/commit/v1") == 1);
}

TEST_CASE("kb publish lays out a kernel repo that huggingface_hub downloads unchanged", "[publish][e2e]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 3 << 20);
  auto r = kb_publish(hub, "hf_write_token", tmp / "hf",
                      {(tmp / "relu").string(), "--allow-nonconformant", "--output-json", (tmp / "out.json").string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  json out = read_json(tmp / "out.json");
  CHECK(out["status"] == "uploaded");
  CHECK(out["repo_id"] == "org/relu");
  CHECK(out["branch"] == "v1");  // from metadata.json version
  CHECK(out["bytes_uploaded"] == (3 << 20));
  require_snapshot_equals_tree(hub, tmp, tmp / "relu", "v1");
  auto main_snapshot = hf_snapshot(hub, tmp / "hf", "kernel", "org/relu", "main", tmp / "main");
  REQUIRE(main_snapshot.exit_code == 0);
  CHECK(read_text(tmp / "main/README.md") == read_text(tmp / "relu/build/CARD.md"));
  CHECK_FALSE(fs::exists(tmp / "main/build"));  // nothing but the card on main
  json refs = hub.get("/api/kernels/org/relu/refs");
  CHECK(refs["branches"].size() == 2);
}

TEST_CASE("re-publishing an unchanged tree sends nothing, one changed file sends one file", "[publish][e2e]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 3 << 20);
  fs::path dir = tmp / "relu";
  REQUIRE(kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant"}).exit_code == 0);
  std::string head = hub.get("/api/kernels/org/relu/revision/v1")["sha"];
  hub.clear_log();
  auto again = kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant", "--output-json", (tmp / "o.json").string()});
  INFO(again.output);
  REQUIRE(again.exit_code == 0);
  CHECK(read_json(tmp / "o.json")["status"] == "no_changes");
  CHECK(read_json(tmp / "o.json")["bytes_uploaded"] == 0);
  json log = hub.requests();
  CHECK(count(log, "PUT", "") == 0);
  CHECK(count(log, "POST", "/commit/") == 0);
  CHECK(hub.get("/api/kernels/org/relu/revision/v1")["sha"] == head);

  fs::path changed = dir / "build/torch-cpu/_ops.py";
  write_text(changed, read_text(changed) + "# changed\n");
  hub.clear_log();
  auto third = kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant", "--output-json", (tmp / "o.json").string()});
  REQUIRE(third.exit_code == 0);
  json o = read_json(tmp / "o.json");
  CHECK(o["files_uploaded"] == 1);
  CHECK(o["plan"]["uploads"][0]["path"] == "build/torch-cpu/_ops.py");
  CHECK(count(hub.requests(), "POST", "/commit/v1") == 1);
  require_snapshot_equals_tree(hub, tmp, dir, "v1");
}

TEST_CASE("stale files of uploaded variants are deleted, other variants kept", "[publish][e2e]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  fs::path dir = tmp / "relu";
  make_kernel_tree(dir, k_variants, 1000);
  write_text(dir / "build/torch-cpu/old.py", "stale\n");
  REQUIRE(kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant"}).exit_code == 0);
  // A second job publishes only torch-cpu, without old.py: old.py goes, the other variant stays.
  fs::remove(dir / "build/torch-cpu/old.py");
  fs::path only_cpu = tmp / "cpu-only";
  fs::create_directories(only_cpu / "build");
  fs::copy(dir / "build/torch-cpu", only_cpu / "build/torch-cpu", fs::copy_options::recursive);
  auto r = kb_publish(hub, "hf_write_token", tmp / "hf", {only_cpu.string(), "--repo-id", "org/relu", "--allow-nonconformant"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  require_snapshot_equals_tree(hub, tmp, dir, "v1");
}

TEST_CASE("a kb package bundle is published as it is", "[publish][e2e][bundle]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  fs::path dir = tmp / "relu";
  make_kernel_tree(dir, k_variants, 3 << 20);
  fs::copy_file(dir / "build/CARD.md", dir / "README.md");
  auto zip = run({"zip", "-qr", (tmp / "relu.zip").string(), "build", "README.md", "build.toml", "-x", "build/CARD.md"}, dir);
  REQUIRE(zip.exit_code == 0);
  auto r = kb_publish(hub, "hf_write_token", tmp / "hf", {(tmp / "relu.zip").string(), "--allow-nonconformant"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  require_snapshot_equals_tree(hub, tmp, dir, "v1");
  REQUIRE(hf_snapshot(hub, tmp / "hf", "kernel", "org/relu", "main", tmp / "main").exit_code == 0);
  CHECK(read_text(tmp / "main/README.md") == read_text(dir / "README.md"));
}

TEST_CASE("a dry run prints the plan and sends no write request", "[publish][e2e]") {
  LocalHub hub;
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 3 << 20);
  auto r = kb_publish(hub, "hf_write_token", tmp / "hf", {(tmp / "relu").string(), "--allow-nonconformant", "--dry-run"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("build/torch210-cxx11-cpu-x86_64-linux/_relu_x.abi3.so") != std::string::npos);
  CHECK(r.output.find("nothing was written") != std::string::npos);
  for (const auto& e : hub.requests()) {
    std::string path = e["path"];
    CHECK((e["method"] == "GET" || e["method"] == "HEAD" || path.find("/preupload/") != std::string::npos));
  }
}

TEST_CASE("create-pr opens a pull request and leaves the branch alone", "[publish][e2e][pr]") {
  require_python();
  LocalHub hub;
  TempDir tmp;
  fs::path dir = tmp / "relu";
  make_kernel_tree(dir, k_variants, 1000);
  REQUIRE(kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant"}).exit_code == 0);
  std::string head = hub.get("/api/kernels/org/relu/revision/v1")["sha"];
  write_text(dir / "build/torch-cpu/_ops.py", "# proposed\n");
  auto r = kb_publish(hub, "hf_write_token", tmp / "hf",
                      {dir.string(), "--allow-nonconformant", "--create-pr", "--output-json", (tmp / "o.json").string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  json o = read_json(tmp / "o.json");
  CHECK(o["status"] == "pull_request_created");
  REQUIRE(o["pull_requests"].size() == 1);
  CHECK(hub.get("/api/kernels/org/relu/revision/v1")["sha"] == head);
  require_snapshot_equals_tree(hub, tmp, dir, "refs/pr/1");
  auto missing = kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant", "--create-pr", "--branch", "v9"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("branch v9 does not exist") != std::string::npos);
}

TEST_CASE("the gate blocks exactly what kb inspect rejects", "[publish][e2e][gate]") {
  LocalHub hub;
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 100);  // the .so files are random bytes, not ELF
  auto so = (tmp / "relu/build/torch210-cxx11-cpu-x86_64-linux/_relu_x.abi3.so").string();
  for (const std::string& input : {(tmp / "relu").string(), so}) {
    auto verdict = run_kb({"inspect", input == so ? so : (tmp / "relu/build").string()});
    fs::path dir = input == so ? tmp / "so-only" : tmp / "relu";
    if (input == so) {  // a variant holding only the bad .so
      fs::create_directories(dir / "build/torch-cpu");
      fs::copy_file(tmp / "relu/build/torch-cpu/metadata.json", dir / "build/torch-cpu/metadata.json");
      fs::copy_file(so, dir / "build/torch-cpu/_bad.so");
      verdict = run_kb({"inspect", (dir / "build").string()});
    }
    hub.clear_log();
    auto r = kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--repo-id", "org/gate", "--dry-run"});
    INFO(verdict.output << r.output);
    if (verdict.exit_code == 0) {
      CHECK(r.exit_code == 0);
    } else {
      CHECK(r.exit_code == 1);
      CHECK(r.output.find("not publishing") != std::string::npos);
      CHECK(hub.requests().empty());
      CHECK(kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--repo-id", "org/gate", "--dry-run",
                                                           "--allow-nonconformant"}).exit_code == 0);
    }
  }
}
