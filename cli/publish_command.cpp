// SPDX-License-Identifier: Apache-2.0
// kb publish: flags and environment (HF_ENDPOINT, HF_TOKEN, ...) -> kb::publish::Options -> publish().
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "publish/progress_bar.hpp"
#include "publish/publish.hpp"

namespace kb::cli {

namespace {

struct PublishArgs {
  std::string input = ".";
  kb::publish::Options options;
  std::string repo_type = "kernel";
  std::string output_json;
  bool quiet = false;
  bool no_hash_cache = false;
};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The Hub clients' own environment (docs/publish.md, "Token and environment").
void read_environment(kb::publish::Options& o) {
  if (!env("HF_ENDPOINT").empty()) o.endpoint = env("HF_ENDPOINT");
  std::string cache = !env("KB_CACHE").empty() ? env("KB_CACHE") : env("HOME").empty() ? "" : env("HOME") + "/.cache/kb";
  if (!cache.empty()) o.hash_cache = cache + "/publish-hashes.json";
  o.token = kb::publish::resolve_token({env("HF_TOKEN"), env("HUGGING_FACE_HUB_TOKEN"), env("HF_TOKEN_PATH"),
                                        env("HF_HOME"), env("XDG_CACHE_HOME"), env("HOME")});
}

int run(PublishArgs& args) {
  auto& o = args.options;
  o.input = args.input;
  o.repo_type = args.repo_type == "model" ? kb::publish::RepoType::model : kb::publish::RepoType::kernel;
  read_environment(o);
  if (args.no_hash_cache) o.hash_cache.clear();
  std::unique_ptr<kb::publish::ProgressBar> bar;
  if (!args.quiet && ::isatty(2)) {
    bar = std::make_unique<kb::publish::ProgressBar>(stderr);
    o.on_progress = [b = bar.get()](std::uint64_t done, std::uint64_t total) { b->update(done, total); };
  }
  if (!args.quiet) o.on_note = [](const std::string& s) { std::cerr << "kb: " << s << "\n"; };
  auto transport = kb::publish::make_curl_transport();
  kb::publish::Result result = kb::publish::publish(o, *transport);
  bar.reset();
  if (!args.output_json.empty()) write_file_atomic(args.output_json, kb::publish::render_json(result));
  if (!args.quiet || o.dry_run) std::cout << kb::publish::render_text(result);
  return k_exit_ok;
}

}  // namespace

void add_publish_command(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<PublishArgs>();
  CLI::App* cmd = app.add_subcommand("publish", "upload a conformant build tree or bundle to a Hub repo");
  cmd->add_option("input", args->input, "kernel dir, its build/ dir, or a BUNDLE.zip from kb package (default .)");
  cmd->add_option("--repo-id", args->options.repo_id, "ORG/NAME (default: build.toml general.hub.repo-id)");
  cmd->add_option("--branch", args->options.branch, "target branch (default: general.hub.branch, else v<version>)");
  cmd->add_option("--repo-type", args->repo_type, "kernel (default) or model")->check(CLI::IsMember({"kernel", "model"}));
  cmd->add_flag("--private", args->options.is_private, "create the repo private");
  cmd->add_flag("--create-pr", args->options.create_pr, "open a pull request instead of pushing to the branch");
  cmd->add_flag("--dry-run", args->options.dry_run, "print the plan; send no write request");
  cmd->add_option("--output-json", args->output_json, "write the result as JSON to a file");
  cmd->add_flag("--allow-nonconformant", args->options.allow_nonconformant, "publish even with inspect errors");
  cmd->add_option("--jobs,-j", args->options.jobs, "parallel uploads (default 8)")->check(CLI::Range(1, 64));
  cmd->add_option("--max-retries", args->options.retry.max_retries, "retries of a failed request (default 5)")
      ->check(CLI::Range(0, 20));
  cmd->add_flag("--no-hash-cache", args->no_hash_cache, "re-read every file (no digest cache in ~/.cache/kb)");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress or summary output");
  cmd->callback([args, &outcome] { outcome.exit_code = run(*args); });
}

}  // namespace kb::cli
