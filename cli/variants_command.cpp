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
  std::string torch_index;
  bool no_system_cuda = false;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::filesystem::path cuda_home_from_env(const VariantsArgs& a) {
  if (a.no_system_cuda || env_or("KB_NO_SYSTEM_CUDA", "") == "1") return {};
  return !a.cuda_home.empty() ? a.cuda_home : env_or("CUDA_HOME", "/usr/local/cuda");
}

int run(const VariantsArgs& a) {
  config::BuildConfig cfg = config::load_build_config(a.dir);
  build::MachineFacts m = build::probe_machine(cuda_home_from_env(a));
  m.torch_index = !(a.torch_index.empty() ? env_or("KB_TORCH_INDEX", "") : a.torch_index).empty();
  std::vector<build::PlannedVariant> vs = a.all ? build::plan_hub_matrix(cfg, m) : build::plan_variants(cfg, m);
  if (a.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& v : vs)
      j.push_back({{"name", v.name}, {"backend", v.backend}, {"torch", v.torch_version}, {"cuda", v.cuda}, {"required", v.required},
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
  cmd->add_flag("--no-system-cuda", args->no_system_cuda, "plan as if no system CUDA toolkit were installed");
  cmd->add_option("--torch-index", args->torch_index, "simple index for Torch +cuXYZ wheels (also $KB_TORCH_INDEX)");
  cmd->callback([args, &outcome] { outcome.exit_code = run(*args); });
}

}  // namespace kb::cli
