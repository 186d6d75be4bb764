// SPDX-License-Identifier: Apache-2.0
// Auth: token sources, refusals explained through whoami, and a sentinel token that must never
// appear in any output, JSON file or server log, nor reach an upload URL.
#include <catch2/catch.hpp>

#include "tests/publish/local_hub.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using nlohmann::json;

namespace {
const std::string k_sentinel = "hf_SENTINELtoken31415926535";
const std::string k_bad_sentinel = "hf_SENTINELwrong27182818284";
const std::vector<std::string> k_variants = {"torch-cpu", "torch210-cxx11-cpu-x86_64-linux"};
}  // namespace

TEST_CASE("refusals say whether the token is missing or lacks rights", "[publish][auth][e2e]") {
  LocalHub hub({"hf_write_token:write", "hf_read_token:read", "hf_nokernel:write-nokernel"});
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 1000);
  std::vector<std::string> args{(tmp / "relu").string(), "--allow-nonconformant"};
  auto none = kb_publish(hub, "", tmp / "hf", args);
  CHECK(none.exit_code == 5);
  CHECK(none.output.find("not logged in") != std::string::npos);
  auto read = kb_publish(hub, "hf_read_token", tmp / "hf", args);
  CHECK(read.exit_code == 5);
  CHECK(read.output.find("logged in as tester without the rights") != std::string::npos);
  auto nokernel = kb_publish(hub, "hf_nokernel", tmp / "hf", args);
  CHECK(nokernel.exit_code == 5);
  CHECK(nokernel.output.find("HTTP 403") != std::string::npos);
  CHECK(nokernel.output.find("kernel publishing rights") != std::string::npos);
  auto model = kb_publish(hub, "hf_nokernel", tmp / "hf", {(tmp / "relu").string(), "--allow-nonconformant", "--repo-type", "model"});
  INFO(model.output);
  CHECK(model.exit_code == 0);
}

TEST_CASE("the token file is used when no token variable is set", "[publish][auth][e2e]") {
  LocalHub hub;
  TempDir tmp;
  make_kernel_tree(tmp / "relu", k_variants, 1000);
  write_text(tmp / "hf/token", "hf_write_token\n");
  auto r = kb_publish(hub, "", tmp / "hf", {(tmp / "relu").string(), "--allow-nonconformant"});
  INFO(r.output);
  CHECK(r.exit_code == 0);
}

TEST_CASE("a sentinel token never leaks into output, JSON, logs or upload URLs", "[publish][auth][leak][e2e]") {
  LocalHub hub({k_sentinel + ":write"});
  TempDir tmp;
  fs::path dir = tmp / "relu";
  make_kernel_tree(dir, k_variants, 3 << 20);
  std::string everything;
  auto run_case = [&](const std::string& token, std::vector<std::string> args) {
    args.insert(args.end(), {"--allow-nonconformant", "--output-json", (tmp / ("o" + std::to_string(everything.size()) + ".json")).string()});
    auto r = kb_publish(hub, token, tmp / "hf", args);
    everything += r.output;
    return r;
  };
  CHECK(run_case(k_sentinel, {dir.string()}).exit_code == 0);
  CHECK(run_case(k_sentinel, {dir.string(), "--dry-run"}).exit_code == 0);
  CHECK(run_case(k_sentinel, {dir.string()}).exit_code == 0);  // unchanged
  write_text(dir / "build/torch-cpu/_ops.py", "# pr\n");
  CHECK(run_case(k_sentinel, {dir.string(), "--create-pr"}).exit_code == 0);
  hub.set_faults({{"fail_500", {{"pattern", "/commit/"}, {"count", 10}}}});
  CHECK(run_case(k_sentinel, {dir.string(), "--max-retries", "1"}).exit_code == 5);
  CHECK(run_case(k_bad_sentinel, {dir.string()}).exit_code == 5);
  CHECK(run_case(k_sentinel, {dir.string(), "--repo-id", "bad id"}).exit_code == 2);
  // The CLI refuses to send a token over plain http to a non-loopback host, before any request.
  std::vector<std::string> argv{kb_exe().string(), "publish", dir.string(), "--allow-nonconformant"};
  auto env = hub_env(hub, k_sentinel, tmp / "hf");
  env["HF_ENDPOINT"] = "http://hub.example.invalid";
  auto plain = run_env(argv, env);
  CHECK(plain.exit_code == 2);
  CHECK(plain.output.find("refusing to send the Hub token over plain http") != std::string::npos);
  everything += plain.output;

  for (const auto& e : fs::recursive_directory_iterator(tmp.path()))
    if (e.is_regular_file() && e.path().extension() == ".json") everything += read_text(e.path());
  everything += read_text(hub.log_path()) + read_text(hub.dir() / "server.out");
  json log = hub.requests();
  everything += log.dump();
  REQUIRE(log.size() > 20);
  CHECK(everything.find("SENTINEL") == std::string::npos);
  for (const auto& e : log) {
    std::string path = e["path"];
    if (path.rfind("/_storage/", 0) == 0) CHECK_FALSE(e["authorized"].get<bool>());
    if (path.rfind("/api/", 0) == 0) CHECK(e["authorized"].get<bool>());
  }
}
