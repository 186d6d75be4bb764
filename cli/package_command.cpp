// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "inspect/inspect.hpp"
#include "package/package.hpp"

namespace kb::cli {

namespace {

struct PackageArgs {
  std::vector<std::string> paths;
  kb::package::Options options;
  std::string output, card, verify;
  std::string format = "text";
};

// SOURCE_DATE_EPOCH (reproducible-builds.org) is read here only and passed down as a value.
std::optional<std::int64_t> source_date_epoch() {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  char* end = nullptr;
  long long v = std::strtoll(env, &end, 10);
  if (*end != '\0' || v < 0)
    throw Error(ErrorKind::usage, std::string("SOURCE_DATE_EPOCH=\"") + env + "\" is not a Unix time", "unset it or give seconds since 1970");
  return v;
}

int run_verify(const PackageArgs& args) {
  kb::package::VerifyResult r = kb::package::verify(args.verify, args.options.inspect);
  if (args.format == "json") {
    std::cout << kb::inspect::render_json(r.report);
  } else {
    std::cout << kb::inspect::render_text(r.report, use_color());
    if (!r.rules_checked) std::cout << "note: inspect cannot read archives yet; rules were not run on the archive\n";
  }
  return r.exit_code();
}

int run(PackageArgs& args) {
  if (!args.verify.empty()) return run_verify(args);
  if (args.output.empty()) throw Error(ErrorKind::usage, "--output is required", "kb package BUILD_DIR... --output NAME.zip");
  auto& o = args.options;
  o.sources.assign(args.paths.begin(), args.paths.end());
  if (o.sources.empty()) o.sources.push_back("build");
  o.output = args.output;
  if (!args.card.empty()) o.card = std::filesystem::path(args.card);
  o.source_date_epoch = source_date_epoch();
  kb::PosixProcessRunner runner;
  o.runner = &runner;
  kb::package::Result r = kb::package::package(o);
  if (args.format == "json") {
    nlohmann::ordered_json j{{"written", r.written}, {"output", args.output}};
    if (!r.sha256.empty()) j["sha256"] = r.sha256;
    j["manifest"] = r.manifest;
    j["gate"] = nlohmann::ordered_json::parse(kb::inspect::render_json(r.gate));
    std::cout << j.dump(2) << "\n";
    return r.exit_code();
  }
  if (r.gate.count(Severity::error) + r.gate.count(Severity::warning) > 0) std::cerr << kb::inspect::render_text(r.gate, false);
  std::cout << kb::package::render_text(r);
  if (r.written) std::cout << "wrote " << args.output << "\n";
  return r.exit_code();
}

}  // namespace

void add_package_command(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<PackageArgs>();
  CLI::App* cmd = app.add_subcommand("package", "merge build trees, gate them, and write one reproducible zip");
  cmd->add_option("paths", args->paths, "build trees (build/ of each shard), variant dirs or bundle zips (default: build)");
  cmd->add_option("--output,-o", args->output, "the bundle to write, NAME.zip");
  cmd->add_option("--verify", args->verify, "re-check a bundle (structure, digests, rules) without unpacking");
  cmd->add_flag("--allow-nonconformant", args->options.allow_nonconformant, "write despite error findings (recorded in the manifest)");
  cmd->add_flag("--store-so", args->options.store_so, "store .so files uncompressed (default: deflate)");
  cmd->add_flag("--sha256", args->options.hash_archive, "print the archive's sha256 (reads it once more)");
  cmd->add_option("--card", args->card, "CARD.md to render the README from (default: the tree's own)");
  cmd->add_option("--repo-id", args->options.repo_id, "Hub repo for the card's usage snippet");
  cmd->add_option("--policy,--manylinux", args->options.inspect.policy, "manylinux policy for the gate");
  cmd->add_option("--ignore", args->options.inspect.ignore, "rule ids the gate skips")->delimiter(',');
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--jobs,-j", args->options.inspect.jobs, "parallel files for the gate (default: all cores)");
  cmd->callback([args, &outcome] { outcome.exit_code = run(*args); });
}

}  // namespace kb::cli
