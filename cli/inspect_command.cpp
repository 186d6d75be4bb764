// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "inspect/report_formats.hpp"

namespace kb::cli {

namespace {

struct InspectArgs {
  std::vector<std::string> paths;
  kb::inspect::Options options;
  std::string format = "text";
  std::string profile = "hub";
  std::string output;
  bool list_rules = false;
  std::string explain;
};

int print_rules(const InspectArgs& args) {
  for (const auto& r : kb::inspect::list_rules()) {
    if (!args.explain.empty() && r.id != args.explain) continue;
    if (args.explain.empty()) {
      std::cout << r.id << "  (" << r.severity << ")  " << r.summary << "\n";
    } else {
      std::cout << r.id << " (" << r.severity << ")\n" << r.summary << "\n\n" << r.explanation << "\n";
      return 0;
    }
  }
  if (!args.explain.empty())
    throw Error(ErrorKind::usage, "unknown rule \"" + args.explain + "\"", "kb inspect --list-rules lists them");
  return 0;
}

int run(const InspectArgs& args) {
  if (args.list_rules || !args.explain.empty()) return print_rules(args);
  if (args.paths.empty()) throw Error(ErrorKind::usage, "no input paths", "kb inspect PATH... (a .so, a directory, a build tree)");
  std::vector<std::filesystem::path> inputs(args.paths.begin(), args.paths.end());
  Report report = kb::inspect::inspect(inputs, args.options, args.profile);
  bool to_file = !args.output.empty();
  std::string text;
  if (args.format == "json") text = kb::inspect::render_json(report);
  else if (args.format == "sarif") text = kb::inspect::render_sarif(report);
  else if (args.format == "junit") text = kb::inspect::render_junit(report, args.options);
  else if (args.format == "html") text = kb::inspect::render_html(report);
  else if (args.options.archs_only) text = kb::inspect::render_archs(report);
  else text = kb::inspect::render_text(report, !to_file && use_color());
  if (to_file) write_file_atomic(args.output, text);
  else std::cout << text;
  return report.exit_code();
}

}  // namespace

void add_inspect_command(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "check .so files, variants and build trees for Hub conformance");
  cmd->add_option("paths", args->paths, ".so files, directories, build trees or archives");
  cmd->add_option("--policy,--manylinux", args->options.policy, "manylinux policy (default manylinux_2_28)");
  cmd->add_option("--python-abi", args->options.python_abi, "Python stable-ABI ceiling (default 3.9)");
  cmd->add_option("--torch-stable-abi", args->options.torch_stable_abi, "check Torch stable-ABI X.Y");
  cmd->add_option("--ignore", args->options.ignore, "rule ids to skip (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);  // `--ignore a,b PATH` must leave PATH to the positional
  cmd->add_option("--libdir", args->options.libdirs, "a directory for elf.unresolved (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--profile", args->profile,
                  "hub (Hub kernel trees, default) or wheel (Python wheels: every ELF member, tags checked)")
      ->check(CLI::IsMember({"hub", "wheel"}));
  cmd->add_option("--format", args->format, "text, json, sarif (2.1.0), junit (XML) or html (one page)")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "html"}));
  cmd->add_option("--output,-o", args->output, "write the report to a file");
  cmd->add_option("--jobs,-j", args->options.jobs, "parallel files (default: all cores)");
  cmd->add_flag("--archs", args->options.archs_only, "list the CUDA device code of each .so (no rules run)");
  cmd->add_flag("--list-rules", args->list_rules, "list every rule id");
  cmd->add_option("--explain", args->explain, "document one rule, with an example");
  cmd->callback([args, &outcome] { outcome.exit_code = run(*args); });
}

}  // namespace kb::cli
