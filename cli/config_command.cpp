// SPDX-License-Identifier: Apache-2.0
// kb check-config [DIR] and kb update-build [DIR]: the build.toml front end.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "build/variants.hpp"
#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "core/config/build_config.hpp"
#include "core/config/cuda_capabilities.hpp"
#include "core/error.hpp"
#include "core/process.hpp"

namespace kb::cli {

namespace {

std::string edition_label(int edition) {
  return edition == 1 ? "the seed format (v1)" : "edition " + std::to_string(edition);
}

// What this machine's nvcc accepts ($CUDA_HOME or /usr/local/cuda); empty when there is none.
std::vector<std::string> nvcc_archs(std::string& label) {
  const char* env = std::getenv("CUDA_HOME");
  std::filesystem::path nvcc = std::filesystem::path(env && *env ? env : "/usr/local/cuda") / "bin" / "nvcc";
  std::error_code ec;
  if (!std::filesystem::exists(nvcc, ec)) return {};
  std::string version = build::probe_machine(nvcc.parent_path().parent_path()).nvcc_version;
  label = version.empty() ? nvcc.string() : "nvcc " + version;
  PosixProcessRunner runner;
  CommandResult r = runner.run({{nvcc.string(), "--list-gpu-arch"}, {}, {}});
  return r.exit_code == 0 ? config::parse_nvcc_gpu_archs(r.output) : std::vector<std::string>{};
}

int check_config(const std::string& dir) {
  config::BuildConfig cfg = config::load_build_config(dir);
  config::check_sources(cfg, dir);
  std::string nvcc;
  std::vector<std::string> accepted = nvcc_archs(nvcc);
  for (const std::string& n : config::check_cuda_capabilities(cfg, accepted, nvcc)) cfg.notes.push_back(n);
  std::cout << cfg.file.string() << ": ok, " << edition_label(cfg.source_edition) << ", kernel \"" << cfg.name
            << "\", backends";
  for (const auto& b : cfg.backends) std::cout << " " << b;
  std::cout << "\n";
  if (cfg.source_edition < 5)
    std::cerr << "kb: warning: " << cfg.file.string() << " uses " << edition_label(cfg.source_edition)
              << "; upgraded to edition 5 in memory (kb update-build rewrites it)\n";
  for (const auto& n : cfg.notes) std::cerr << "  note: " << n << "\n";
  return 0;
}

int update_build(const std::string& dir, const std::string& license, bool to_stdout) {
  config::BuildConfig cfg = config::load_build_config(dir);
  if (!license.empty()) cfg.license = license;
  if (cfg.source_edition == 5 && license.empty() && !to_stdout) {
    std::cerr << cfg.file.string() << " is already edition 5; nothing to do\n";
    return 0;
  }
  std::string text = config::write_edition5(cfg);
  if (to_stdout) {
    std::cout << text;
    return 0;
  }
  write_file_atomic(cfg.file, text);
  std::cerr << "wrote " << cfg.file.string() << " as edition 5 (from " << edition_label(cfg.source_edition) << ")\n";
  for (const auto& n : cfg.notes) std::cerr << "  " << n << "\n";
  return 0;
}

}  // namespace

void add_config_commands(CLI::App& app, Outcome& outcome) {
  auto dir = std::make_shared<std::string>(".");
  CLI::App* check = app.add_subcommand("check-config", "validate build.toml (any edition); errors at file:line:column");
  check->add_option("dir", *dir, "kernel project directory (default .)");
  check->callback([dir, &outcome] { outcome.exit_code = check_config(*dir); });

  auto udir = std::make_shared<std::string>(".");
  auto license = std::make_shared<std::string>();
  auto to_stdout = std::make_shared<bool>(false);
  CLI::App* update = app.add_subcommand("update-build", "rewrite build.toml in the current edition (5)");
  update->add_option("dir", *udir, "kernel project directory (default .)");
  update->add_option("--license", *license, "license to record when the old file has none (e.g. apache-2.0)");
  update->add_flag("--stdout", *to_stdout, "print the edition 5 file instead of writing it");
  update->callback([udir, license, to_stdout, &outcome] {
    outcome.exit_code = update_build(*udir, *license, *to_stdout);
  });
}

}  // namespace kb::cli
