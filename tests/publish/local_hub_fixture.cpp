// SPDX-License-Identifier: Apache-2.0
#include "tests/publish/local_hub.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "publish/http_transport.hpp"

namespace fs = std::filesystem;

namespace kb::test {

namespace {

std::string interpreter() {
  fs::path py = python();
  return py.empty() ? "python3" : py.string();
}

}  // namespace

LocalHub::LocalHub(std::vector<std::string> tokens, long chunk, long multipart_threshold) {
  m_log = m_dir / "server.log";
  fs::path port_file = m_dir / "port";
  std::vector<std::string> argv{interpreter(), (source_dir() / "tests/hub/hub_server.py").string(),
                                "--root", (m_dir / "storage").string(), "--port-file", port_file.string(),
                                "--log", m_log.string(), "--chunk-size", std::to_string(chunk),
                                "--multipart-threshold", std::to_string(multipart_threshold)};
  for (auto& t : tokens) argv.insert(argv.end(), {"--token", t});
  m_pid = ::fork();
  if (m_pid == 0) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::freopen((m_dir / "server.out").c_str(), "w", stdout);
    std::freopen((m_dir / "server.out").c_str(), "a", stderr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  for (int i = 0; i < 200 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!fs::exists(port_file)) throw std::runtime_error("local hub did not start: " + read_text(m_dir / "server.out"));
  m_port = std::stoi(read_text(port_file));
}

LocalHub::~LocalHub() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }
}

namespace {
publish::Response call(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& token) {
  static auto transport = publish::make_curl_transport();
  publish::Request r;
  r.method = method;
  r.url = url;
  r.body.bytes = body;
  r.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
  publish::Response resp = transport->send(r);
  if (!resp.ok()) throw std::runtime_error(method + " " + url + ": HTTP " + std::to_string(resp.status) + " " + resp.body);
  return resp;
}
}  // namespace

void LocalHub::set_faults(const nlohmann::json& faults) { call("POST", endpoint() + "/_admin/faults", faults.dump(), ""); }

nlohmann::json LocalHub::requests() { return nlohmann::json::parse(call("GET", endpoint() + "/_admin/log", "", "").body); }

void LocalHub::clear_log() { call("POST", endpoint() + "/_admin/clear-log", "{}", ""); }

nlohmann::json LocalHub::get(const std::string& path, const std::string& token) {
  return nlohmann::json::parse(call("GET", endpoint() + path, "", token).body);
}

Env hub_env(const LocalHub& hub, const std::string& token, const fs::path& hf_home) {
  return {{"HF_ENDPOINT", hub.endpoint()}, {"HF_TOKEN", token}, {"HUGGING_FACE_HUB_TOKEN", ""},
          {"HF_TOKEN_PATH", ""}, {"HF_HOME", hf_home.string()}, {"HF_HUB_DISABLE_XET", "1"},
          // Not HF_HUB_DISABLE_TELEMETRY: with it, kernels 0.17.2 + huggingface_hub 2.4.0 build a
          // User-Agent ending in "; " that httpx refuses. The hub answers /api/agent-harnesses 404.
          {"HF_HUB_DISABLE_TELEMETRY", ""}, {"HF_HUB_DISABLE_PROGRESS_BARS", "1"},
          {"KERNELS_CACHE", (hf_home / "kernels").string()}, {"NO_COLOR", "1"}};
}

CommandResult run_env(const std::vector<std::string>& argv, const Env& env, const fs::path& cwd) {
  PosixProcessRunner runner;
  return runner.run(Command{argv, cwd, env});
}

std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = read_text(e.path());
  return out;
}

}  // namespace kb::test

namespace kb::test {

void make_kernel_tree(const fs::path& dir, const std::vector<std::string>& variants, std::size_t so_size) {
  write_text(dir / "build.toml", "[general]\nname = \"relu\"\nversion = 1\n\n[general.hub]\nrepo-id = \"org/relu\"\n");
  write_text(dir / "build/CARD.md", "---\nlicense: apache-2.0\n---\n# relu\n\nA test kernel.\n");
  for (const auto& v : variants) {
    fs::path root = dir / "build" / v;
    write_text(root / "metadata.json", R"({"name": "relu", "id": "_relu_x", "version": 1, "license": "apache-2.0", "python-depends": [], "backend": {"type": "cpu"}})");
    write_text(root / "__init__.py", "from ._ops import ops\n\ndef relu(x):\n    return ops.relu(x)\n");
    write_text(root / "_ops.py", "import torch\nops = torch.ops._relu_x\n");
    if (v.rfind("torch-", 0) == 0) continue;  // noarch: Python only
    std::string so(so_size, '\0');
    std::uint32_t x = static_cast<std::uint32_t>(std::hash<std::string>{}(v));
    for (auto& c : so) c = static_cast<char>((x = x * 1664525u + 1013904223u) >> 24);
    write_text(root / "_relu_x.abi3.so", so);
  }
}

CommandResult kb_publish(const LocalHub& hub, const std::string& token, const fs::path& hf_home,
                         std::vector<std::string> args) {
  std::vector<std::string> argv{kb_exe().string(), "publish"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_env(argv, hub_env(hub, token, hf_home));
}

CommandResult hf_snapshot(const LocalHub& hub, const fs::path& hf_home, const std::string& repo_type,
                          const std::string& repo, const std::string& rev, const fs::path& out) {
  return run_env({python().string(), (source_dir() / "tests/hub/hf_snapshot.py").string(), repo_type, repo, rev,
                  out.string()},
                 hub_env(hub, "hf_read_token", hf_home));
}

}  // namespace kb::test
