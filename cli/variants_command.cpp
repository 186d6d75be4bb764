// SPDX-License-Identifier: Apache-2.0
// kb variants [DIR] [--all]: what kb build would produce here (no compiler runs).
#include <cstdlib>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "build/variants.hpp"
#include "cli/command.hpp"
#include "core/config/build_config.hpp"

namespace kb::cli {

namespace {

struct VariantsArgs {
  std::string dir = ".";
  bool all = false;
  std::string format = "text";
  std::string cuda_home;
};

std::filesystem::path cuda_home_from_env(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("CUDA_HOME");
  return env && *env ? env : "/usr/local/cuda";
}

int run(const VariantsArgs& a) {
  config::BuildConfig cfg = config::load_build_config(a.dir);
  build::MachineFacts m = build::probe_machine(cuda_home_from_env(a.cuda_home));
  std::vector<build::PlannedVariant> vs = a.all ? build::plan_hub_matrix(cfg, m) : build::plan_variants(cfg, m);
  if (a.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& v : vs)
      j.push_back({{"name", v.name}, {"backend", v.backend}, {"torch", v.torch_version}, {"required", v.required},
                   {"buildable", v.buildable}, {"reason", v.reason}});
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& v : vs) {
    if (!a.all) {
      if (v.buildable) std::cout << v.name << "\n";
      else std::cerr << "skipped: " << v.name << ": " << v.reason << "\n";
      continue;
    }
    std::cout << std::left << std::setw(40) << v.name << std::setw(10) << (v.required ? "required" : "optional")
              << (v.buildable ? "buildable here" : v.reason) << "\n";
  }
  return 0;
}

}  // namespace

void add_variants_command(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<VariantsArgs>();
  CLI::App* cmd = app.add_subcommand("variants", "list the variants kb build makes here (no compiler runs)");
  cmd->add_option("dir", args->dir, "kernel project directory (default .)");
  cmd->add_flag("--all", args->all, "the Hub's required matrix, each marked buildable here or why not");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--cuda-home", args->cuda_home, "CUDA toolkit (default $CUDA_HOME or /usr/local/cuda)");
  cmd->callback([args, &outcome] { outcome.exit_code = run(*args); });
}

}  // namespace kb::cli
