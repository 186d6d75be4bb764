// SPDX-License-Identifier: Apache-2.0
// Injected faults (local Hub switches): each publish either completes correctly or fails with a
// clear message, and the branch never holds a partial commit (head and tree checked every time).
#include <catch2/catch.hpp>

#include "tests/publish/local_hub.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using nlohmann::json;

namespace {

struct Published {
  LocalHub hub{{"hf_write_token:write", "hf_read_token:read"}, 1 << 20, 2 << 20};
  TempDir tmp;
  fs::path dir = tmp / "relu";
  Published() {
    make_kernel_tree(dir, {"torch-cpu", "torch210-cxx11-cpu-x86_64-linux"}, 3 << 20);
    auto r = kb_publish(hub, "hf_write_token", tmp / "hf", {dir.string(), "--allow-nonconformant"});
    if (r.exit_code != 0) FAIL(r.output);
  }
  std::string head() { return hub.get("/api/kernels/org/relu/revision/v1")["sha"]; }
  json tree(const std::string& rev) { return hub.get("/api/kernels/org/relu/tree/" + rev + "?recursive=true"); }
  // Changes the .so and _ops.py, so a publish needs a multipart LFS upload and a commit.
  void change(const std::string& tag) {
    fs::path so = dir / "build/torch210-cxx11-cpu-x86_64-linux/_relu_x.abi3.so";
    std::string bytes = read_text(so);
    bytes.replace(0, tag.size(), tag);
    write_text(so, bytes);
    write_text(dir / "build/torch-cpu/_ops.py", "# " + tag + "\n");
  }
  kb::CommandResult publish(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{dir.string(), "--allow-nonconformant", "--output-json", (tmp / "o.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return kb_publish(hub, "hf_write_token", tmp / "hf", args);
  }
  // The branch holds exactly the local tree (huggingface_hub's view).
  void require_branch_is_local_tree() {
    fs::path out = tmp / "snap";
    fs::remove_all(out);
    auto r = hf_snapshot(hub, tmp / "hf", "kernel", "org/relu", "v1", out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, std::string> want, got;
    for (auto& [p, b] : read_tree(dir / "build"))
      if (p != "CARD.md") want["build/" + p] = b;
    for (auto& [p, b] : read_tree(out))
      if (p.rfind("build/", 0) == 0) got[p] = b;
    REQUIRE(got == want);
  }
  int commits_posted() {
    int n = 0;
    for (const auto& e : hub.requests())
      if (e["method"] == "POST" && e["path"].get<std::string>().find("/commit/") != std::string::npos) ++n;
    return n;
  }
};

}  // namespace

TEST_CASE("a connection dropped mid-PUT is retried and the publish completes", "[publish][faults][e2e]") {
  if (python().empty()) FAIL("no referee venv: run make deps");
  Published p;
  p.change("drop");
  p.hub.clear_log();
  p.hub.set_faults({{"drop_put", 2}});
  auto r = p.publish();
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  int dropped = 0;
  for (const auto& e : p.hub.requests()) dropped += e["status"] == -1;
  CHECK(dropped == 2);
  CHECK(p.commits_posted() == 1);
  p.require_branch_is_local_tree();
}

TEST_CASE("a 500 once on upload, batch and commit is survived without a duplicate commit", "[publish][faults][e2e]") {
  if (python().empty()) FAIL("no referee venv: run make deps");
  Published p;
  for (const char* pattern : {"^PUT /_storage/part/", "lfs/objects/batch$", "/commit/v1$", "/preupload/"}) {
    p.change(pattern);
    std::string before = p.head();
    p.hub.clear_log();
    p.hub.set_faults({{"fail_500", {{"pattern", pattern}, {"count", 1}}}});
    auto r = p.publish();
    INFO(pattern << "\n" << r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(p.head() != before);
    CHECK(p.hub.get("/api/kernels/org/relu/revision/v1")["sha"] == json::parse(read_text(p.tmp / "o.json"))["commits"].back());
    p.require_branch_is_local_tree();
  }
}

TEST_CASE("a 429 waits what RateLimit says and then goes on", "[publish][faults][e2e]") {
  if (python().empty()) FAIL("no referee venv: run make deps");
  Published p;
  p.change("rate");
  p.hub.set_faults({{"rate_limit", {{"pattern", "/preupload/"}, {"count", 1}, {"t", 2}}}});
  auto start = std::chrono::steady_clock::now();
  auto r = p.publish();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(secs >= 2.0);
  p.require_branch_is_local_tree();
}

TEST_CASE("a lost commit answer is not committed twice", "[publish][faults][e2e]") {
  if (python().empty()) FAIL("no referee venv: run make deps");
  Published p;
  p.change("lost");
  std::string before = p.head();
  p.hub.clear_log();
  p.hub.set_faults({{"drop_commit", 1}});
  auto r = p.publish();
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(p.commits_posted() == 1);
  json commits = json::parse(read_text(p.tmp / "o.json"))["commits"];
  REQUIRE(commits.size() == 1);
  CHECK(commits[0] == p.head());
  CHECK(p.head() != before);
  p.require_branch_is_local_tree();
}

TEST_CASE("slow answers only slow the publish down", "[publish][faults][e2e]") {
  if (python().empty()) FAIL("no referee venv: run make deps");
  Published p;
  p.change("slow");
  p.hub.set_faults({{"slow_ms", 150}});
  auto r = p.publish();
  p.hub.set_faults({{"slow_ms", 0}});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  p.require_branch_is_local_tree();
}

TEST_CASE("a storage that keeps failing ends in a clear error and no commit", "[publish][faults][e2e]") {
  Published p;
  std::string before = p.head();
  json tree_before = p.tree("v1");
  p.change("fail");
  p.hub.clear_log();
  p.hub.set_faults({{"fail_500", {{"pattern", "^PUT /_storage/"}, {"count", 100}}}});
  auto r = p.publish({"--max-retries", "1"});
  INFO(r.output);
  CHECK(r.exit_code == 5);
  CHECK(r.output.find("HTTP 500") != std::string::npos);
  CHECK(r.output.find("request id req-") != std::string::npos);
  CHECK(r.output.find("injected failure") != std::string::npos);
  CHECK(p.commits_posted() == 0);
  CHECK(p.head() == before);
  CHECK(p.tree("v1") == tree_before);
}

TEST_CASE("a commit refused for good leaves the branch as it was", "[publish][faults][e2e]") {
  Published p;
  std::string before = p.head();
  json tree_before = p.tree("v1");
  p.change("refused");
  p.hub.set_faults({{"fail_500", {{"pattern", "/commit/v1$"}, {"count", 100}}}});
  auto r = p.publish({"--max-retries", "1"});
  INFO(r.output);
  CHECK(r.exit_code == 5);
  CHECK(r.output.find("commit to org/relu@v1") != std::string::npos);
  CHECK(p.head() == before);
  CHECK(p.tree("v1") == tree_before);
}
