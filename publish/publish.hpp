// SPDX-License-Identifier: Apache-2.0
// kb::publish — upload a conformant build tree (or a `kb package` bundle) to a Hub repo, as
// `kernel-builder upload` lays it out, sending only what changed. The one public header of publish/.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "inspect/inspect.hpp"
#include "publish/http_transport.hpp"
#include "publish/hub_client.hpp"
#include "publish/retry.hpp"
#include "publish/upload_plan.hpp"

namespace kb::publish {

struct Options {
  std::filesystem::path input;  // DIR or BUNDLE.zip
  std::string repo_id;          // empty: build.toml general.hub.repo-id
  std::string branch;           // empty: general.hub.branch, else v<version> from metadata.json
  RepoType repo_type = RepoType::kernel;
  bool is_private = false;
  bool create_pr = false;
  bool dry_run = false;         // plan only: no write request
  bool allow_nonconformant = false;
  std::string endpoint = "https://huggingface.co";
  std::string token;            // never printed, logged or written to JSON
  int jobs = 8;                 // parallel uploads (and hashing threads, capped by cores)
  std::filesystem::path hash_cache;  // digest cache file (see hash_cache.hpp); empty: none
  kb::inspect::Options inspect;
  RetryPolicy retry;
  // Bytes sent so far / to send; called often from worker threads (the CLI draws a bar on a TTY).
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
  // One-line progress notes for stderr ("preupload 12 files"); never contain the token.
  std::function<void(const std::string&)> on_note;
};

struct PullRequest {
  std::string branch;
  std::string url;
};

struct Result {
  std::string status;  // no_changes | uploaded | pull_request_created | dry_run
  std::string repo_id, branch, url;
  RepoType repo_type = RepoType::kernel;
  std::vector<PullRequest> pull_requests;
  std::vector<std::string> commits;  // commit oids made, in order
  std::uint64_t bytes_uploaded = 0;  // LFS bytes actually sent (objects the storage had are skipped)
  std::size_t files_uploaded = 0;    // files added or changed by the commits
  std::size_t files_deleted = 0;
  UploadPlan plan;
};

// Runs the whole publish: gate (inspect) -> hash -> repo/branch -> preupload -> plan -> LFS uploads
// -> commits. Throws Error: usage (bad repo id, endpoint), bad_input (tree, metadata), nonconformant
// (gate), network (Hub refused or failed after retries; the message carries X-Error-Code and the
// request id). The repo never sees a partial commit: each commit is one atomic POST.
Result publish(const Options& options, HttpTransport& transport);

// Text summary (dry run: the plan with sizes, deletions and commits) and --output-json.
std::string render_text(const Result& r);
std::string render_json(const Result& r);

// Token resolution of huggingface_hub (docs/publish.md, "Token and environment"): HF_TOKEN, then HUGGING_FACE_HUB_TOKEN,
// then the token file HF_TOKEN_PATH, else $HF_HOME/token, else $XDG_CACHE_HOME/huggingface/token,
// else ~/.cache/huggingface/token. Values are what the CLI read from the environment ("" = unset).
struct TokenSources {
  std::string hf_token, hugging_face_hub_token, hf_token_path, hf_home, xdg_cache_home, home;
};
// The cleaned token (CR/LF removed, whitespace trimmed), or "" when none.
std::string resolve_token(const TokenSources& s);

// Strips trailing '/'; throws Error(usage) unless http(s)://. Throws Error(usage) when a token would
// travel over plain http to a host that is not loopback.
std::string checked_endpoint(const std::string& endpoint, bool has_token);

}  // namespace kb::publish
