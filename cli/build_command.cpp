// SPDX-License-Identifier: Apache-2.0
// kb build [DIR]: build.toml -> build/<variant>/ for every variant this machine can build.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <iostream>

#include "build/build.hpp"
#include "build/launcher.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"

namespace kb::cli {

namespace {

struct BuildArgs {
  kb::build::Options options;
  std::string dir = ".";
  std::string cuda_home, cache_dir, launcher, shard;
  bool no_inspect = false;
  bool quiet = false;
  std::vector<std::string> deps;  // NAME=DIR
  bool no_system_cuda = false;
};

// --dep NAME=DIR entries, then KB_DEP_<NAME> for every name kb knows (the flag wins).
std::map<std::string, std::filesystem::path> local_deps(const std::vector<std::string>& flags) {
  std::map<std::string, std::filesystem::path> out;
  for (const std::string& f : flags) {
    size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
      throw kb::Error(kb::ErrorKind::usage, "--dep " + f + ": expected NAME=DIR", "e.g. --dep cutlass_3_8=$HOME/src/cutlass");
    out[f.substr(0, eq)] = f.substr(eq + 1);
  }
  for (const std::string& name : kb::build::known_cxx_deps()) {
    const char* v = std::getenv(kb::build::dep_env_var(name).c_str());
    if (v && *v && !out.count(name)) out[name] = v;
  }
  return out;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t end = s.find(',', start);
    std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!part.empty()) out.push_back(part);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

const char* status_word(kb::build::VariantOutcome::Status s) {
  using S = kb::build::VariantOutcome::Status;
  return s == S::built ? "built" : s == S::up_to_date ? "up to date" : s == S::skipped ? "skipped" : "FAILED";
}

int run(BuildArgs& a) {
  kb::build::Options& o = a.options;
  o.dir = a.dir;
  o.cuda_home = !a.cuda_home.empty() ? a.cuda_home : env_or("CUDA_HOME", "/usr/local/cuda");
  if (a.no_system_cuda || env_or("KB_NO_SYSTEM_CUDA", "") == "1") o.cuda_home.clear();
  if (o.torch_index.empty()) o.torch_index = env_or("KB_TORCH_INDEX", "");
  if (o.targets.empty()) o.targets = split_commas(env_or("KB_TARGET", ""));
  o.cache_dir = !a.cache_dir.empty() ? a.cache_dir : env_or("KB_CACHE", env_or("HOME", "/tmp") + "/.cache/kb");
  if (o.cuda_archs.empty()) o.cuda_archs = split_commas(env_or("KB_CUDA_ARCHS", ""));
  o.inspect = !a.no_inspect;
  o.progress = a.quiet ? kb::build::ProgressMode::quiet
               : stderr_is_terminal() ? kb::build::ProgressMode::terminal
                                      : kb::build::ProgressMode::lines;
  o.progress_width = terminal_columns();
  o.deps = local_deps(a.deps);
  o.deps_table = env_or("KB_CXX_DEPS", "");
  if (!env_or("KB_OFFLINE", "").empty()) o.offline = true;
  o.launcher = kb::build::choose_launcher(a.launcher, [](const char* n) { return env_or(n, ""); });
  if (!a.shard.empty()) o.shard = kb::build::parse_shard(a.shard);
  PosixProcessRunner runner;
  kb::build::BuildResult r = kb::build::build(o, runner);
  for (const auto& v : r.variants) {
    std::cout << status_word(v.status) << "  " << v.name;
    if (!v.path.empty()) std::cout << "  " << v.path.string();
    if (v.status == kb::build::VariantOutcome::Status::skipped) std::cout << "  (" << v.reason << ")";
    std::cout << "\n";
  }
  if (r.report) std::cout << kb::inspect::render_text(*r.report, use_color());
  return r.exit_code();
}

}  // namespace

void add_build_command(CLI::App& app, Outcome& outcome) {
  auto a = std::make_shared<BuildArgs>();
  kb::build::Options& o = a->options;
  CLI::App* cmd = app.add_subcommand("build", "build.toml -> build/<variant>/ for every variant buildable here");
  cmd->add_option("dir", a->dir, "kernel project directory (default .)");
  cmd->add_option("--variant", o.variants, "build only these variants (see kb variants)");
  cmd->add_option("--torch", o.torch, "Torch major.minor versions (default 2.11 to 2.15)")->delimiter(',');
  cmd->add_option("--backend", o.backends, "only these backends")->delimiter(',');
  cmd->add_option("--target", o.targets, "machines to build for: x86_64-linux, aarch64-linux (cross g++; "
                                         "default: $KB_TARGET, else this host's machine and each one a cross g++ is installed for)")->delimiter(',');
  cmd->add_option("--jobs,-j", o.jobs, "parallel compile jobs (default: cores; nvcc limited by free memory)");
  cmd->add_option("--policy,--manylinux", o.policy, "compatibility policy: manylinux_2_28 (default), another manylinux_2_N kb inspect knows, or none (layer off)");
  cmd->add_option("--unique-id", o.unique_id, "op namespace uid (default: git tree sha, +_dirty)");
  cmd->add_option("--cuda-home", a->cuda_home, "CUDA toolkit (default $CUDA_HOME or /usr/local/cuda)");
  cmd->add_flag("--no-system-cuda", a->no_system_cuda,
                "ignore --cuda-home/$CUDA_HOME//usr/local/cuda: every CUDA toolkit from PyPI (also $KB_NO_SYSTEM_CUDA=1)");
  cmd->add_option("--torch-index", o.torch_index,
                  "PEP 503/691 simple index for Torch +cuXYZ wheels PyPI lacks, e.g. https://download.pytorch.org/whl "
                  "(also $KB_TORCH_INDEX)");
  cmd->add_option("--cuda-archs", o.cuda_archs, "replace nvcc's default arch list (also $KB_CUDA_ARCHS)")->delimiter(',');
  cmd->add_option("--cache-dir", a->cache_dir, "downloads and toolchains (default $KB_CACHE or ~/.cache/kb)");
  cmd->add_option("--python", o.python, "python used to locate Python.h (default python3)");
  cmd->add_option("--launcher", a->launcher, "compiler cache in front of g++ and nvcc: ccache, sccache or none (default: $KB_LAUNCHER, else detected from SCCACHE_*/CCACHE_* variables)");
  cmd->add_option("--shard", a->shard, "build only shard I of N (1-based, e.g. 2/4): a deterministic split of the variants; kb package merges the shards");
  cmd->add_flag("--no-inspect", a->no_inspect, "skip kb inspect on the result");
  cmd->add_option("--dep", a->deps, "NAME=DIR: a local copy of a C++ dependency (also KB_DEP_<NAME>=DIR)");
  cmd->add_flag("--offline", o.offline, "never download C++ dependencies (also KB_OFFLINE=1)");
  cmd->add_flag("-q,--quiet", a->quiet, "no compile progress (errors and the result are still printed)");
  cmd->callback([a, &outcome] { outcome.exit_code = run(*a); });
}

}  // namespace kb::cli
