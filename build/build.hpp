// SPDX-License-Identifier: Apache-2.0
// kb::build — build.toml to conformant build/<variant>/ trees, without Nix. The one public
// header of build/ (config parsing lives in core/config, variant planning in variants.hpp).
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "build/ninja_progress.hpp"
#include "build/shard.hpp"
#include "build/variants.hpp"
#include "core/config/build_config.hpp"
#include "core/finding.hpp"
#include "core/process.hpp"
#include "inspect/inspect.hpp"

namespace kb::build {

struct Options {
  std::filesystem::path dir = ".";
  std::vector<std::string> variants;    // variant names to build; empty: every one buildable here
  std::vector<std::string> torch;       // Torch major.minor filter ("2.11"); empty: kb's default set
  std::vector<std::string> backends;    // backend filter; empty: all of general.backends
  std::vector<std::string> targets;     // "x86_64-linux", "aarch64-linux"; empty: every one kb can build for
                                        // (--variant names any machine a cross g++ here builds for)
  int jobs = 0;                         // 0: cores, with nvcc TUs limited by available memory
  std::string policy = "manylinux_2_28";
  std::string unique_id;                // overrides the git-derived uid
  std::filesystem::path cuda_home = "/usr/local/cuda";  // empty: no system toolkit; every CUDA
                                                       // version comes from PyPI (<cache>/cuda/X.Y)
  std::string torch_index;              // simple index for Torch +cuXYZ wheels PyPI lacks; "" none
  std::filesystem::path cache_dir;      // ~/.cache/kb: wheels, unpacked Torch, compat toolchain
  std::string python = "python3";       // only asked where Python.h lives
  std::vector<std::string> cuda_archs;  // replaces nvcc's default list (e.g. {"8.0"} for quick tests)
  bool inspect = true;                  // run kb inspect on the result
  ProgressMode progress = ProgressMode::lines;  // on stderr while ninja runs
  std::map<std::string, std::filesystem::path> deps;  // --dep NAME=DIR / KB_DEP_<NAME>: local copies
  std::filesystem::path deps_table;     // a dependency table replacing kb's (core/data/cxx_deps.json)
  bool offline = false;                 // never download C++ dependencies
  int progress_width = 0;               // terminal columns for ProgressMode::terminal
  std::string launcher;                 // "ccache", "sccache" or "" (choose_launcher in launcher.hpp)
  Shard shard;                          // build only this shard's variants (index 0: all)
  inspect::Options inspect_options;
};

struct VariantOutcome {
  enum class Status { built, up_to_date, skipped, failed };
  std::string name;
  Status status = Status::skipped;
  std::string reason;                   // skipped/failed: why
  std::filesystem::path path;           // build/<variant> when built
};

struct BuildResult {
  std::vector<VariantOutcome> variants;
  std::optional<Report> report;         // inspect's findings on the built variants
  // 0 all built and conformant; 1 a variant failed or inspect found errors.
  int exit_code() const;
};

// Builds every selected variant. Throws Error(bad_input) for an invalid build.toml (before any
// compiler runs), Error(usage) for an unknown --variant, Error(environment) when nothing can be
// built here or a tool is missing, Error(network) when a Torch wheel cannot be downloaded.
BuildResult build(const Options& options, ProcessRunner& runner);

// The variants `build` compiles, in plan order: --variant names as given (an unknown one is
// Error(usage)), else every buildable one of the backends and Torch releases asked for, on the
// --target machines (default: the host's and each one a cross g++ is installed for).
std::vector<PlannedVariant> select_variants(const Options& options, const config::BuildConfig& cfg,
                                            const MachineFacts& machine);

// Jobs default: all cores; nvcc TUs limited to one per ~4 GiB of MemAvailable.
struct JobLimits {
  int jobs = 1;
  int nvcc_jobs = 1;
};
JobLimits default_jobs(int requested);

// The C++ dependency names kb's table knows (core/data/cxx_deps.json), sorted.
std::vector<std::string> known_cxx_deps();

// The environment variable naming a local copy of a dependency:
// "cutlass_3_8" -> "KB_DEP_CUTLASS_3_8" ("metal-cpp" -> "KB_DEP_METAL_CPP").
std::string dep_env_var(const std::string& name);

}  // namespace kb::build
