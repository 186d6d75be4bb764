// SPDX-License-Identifier: Apache-2.0
// The local Hub stand-in (tests/hub/hub_server.py) as a test fixture: started on 127.0.0.1 with a
// fresh storage dir, stopped on destruction. Also small helpers to talk to its admin endpoints.
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/test_env.hpp"

namespace kb::test {

class LocalHub {
 public:
  // Tokens as "VALUE:ROLE[:USER]". Multipart above `multipart_threshold` bytes, in `chunk` parts.
  explicit LocalHub(std::vector<std::string> tokens = {"hf_write_token:write", "hf_read_token:read"},
                    long chunk = 1 << 20, long multipart_threshold = 2 << 20);
  ~LocalHub();
  LocalHub(const LocalHub&) = delete;
  LocalHub& operator=(const LocalHub&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  const std::filesystem::path& log_path() const { return m_log; }
  const std::filesystem::path& dir() const { return m_dir.path(); }

  void set_faults(const nlohmann::json& faults);
  nlohmann::json requests();  // the request log (method, path, status, authorized, bytes_in)
  void clear_log();
  // GET <endpoint>/api/... as JSON (throws on non-2xx); `token` empty = anonymous.
  nlohmann::json get(const std::string& path, const std::string& token = "hf_write_token");

 private:
  TempDir m_dir;
  std::filesystem::path m_log;
  pid_t m_pid = -1;
  int m_port = 0;
};

// Environment for kb or a Python referee talking to the hub: HF_ENDPOINT, HF_TOKEN, HF_HOME, no Xet.
using Env = std::map<std::string, std::string>;
Env hub_env(const LocalHub& hub, const std::string& token, const std::filesystem::path& hf_home);

// Runs argv with extra environment entries, returns the result.
CommandResult run_env(const std::vector<std::string>& argv, const Env& env, const std::filesystem::path& cwd = {});

// Bytes of every file under `dir`, keyed by '/'-separated relative path.
std::map<std::string, std::string> read_tree(const std::filesystem::path& dir);

// A small kernel tree: DIR/build.toml (general.hub.repo-id = org/relu) and DIR/build/<variant>/ with
// metadata.json (version 1), __init__.py, _ops.py and, for arch variants, a binary _relu_x.abi3.so
// of `so_size` pseudo-random bytes; DIR/build/CARD.md.
void make_kernel_tree(const std::filesystem::path& dir, const std::vector<std::string>& variants, std::size_t so_size);

// Runs `kb publish ARGS` against the hub with `token` and an isolated HF_HOME.
CommandResult kb_publish(const LocalHub& hub, const std::string& token, const std::filesystem::path& hf_home,
                         std::vector<std::string> args);

// The real huggingface_hub snapshot_download of REPO@REV into `out` (tests/hub/hf_snapshot.py).
CommandResult hf_snapshot(const LocalHub& hub, const std::filesystem::path& hf_home, const std::string& repo_type,
                          const std::string& repo, const std::string& rev, const std::filesystem::path& out);

}  // namespace kb::test
