// SPDX-License-Identifier: Apache-2.0
// Which variants a build.toml yields on this machine, and which of the Hub's required matrix can
// be built here (with the reason when not). Pure planning: reads files, runs no compiler.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/config/build_config.hpp"
#include "core/variant.hpp"

namespace kb::build {

// What this machine offers, found without running a compiler.
struct MachineFacts {
  std::string cpu = "x86_64";
  std::string os = "linux";
  std::filesystem::path cuda_home;  // "" when no CUDA toolkit was found
  std::string nvcc_version;         // "13.0", from <cuda_home>/version.json; "" when absent
  std::vector<std::string> pypi_cuda;  // CUDA versions kb provisions from PyPI when nvcc differs
  bool torch_index = false;         // --torch-index: Torch +cuXYZ wheels of every CUDA version
  std::vector<std::string> cross_cpus;  // other machines a cross g++ here builds for ("aarch64")
};

// Reads <cuda_home>/version.json (cuda_nvcc.version) when cuda_home/bin/nvcc exists; an empty
// cuda_home means no system toolkit. pypi_cuda is every version cuda_toolkit_pins() knows;
// cross_cpus the machines whose cross g++ is on PATH.
MachineFacts probe_machine(const std::filesystem::path& cuda_home);

struct PlannedVariant {
  Variant variant;
  std::string name;
  std::string backend;        // cuda, cpu, rocm, ... ("universal" for the legacy noarch build)
  std::string cpu;            // target machine ("x86_64", "aarch64"); "" for noarch
  std::string torch_version;  // full release to build against ("2.12.1", "2.12.1+cu126" from an
                              // index; headers), "" for noarch and tvm-ffi
  std::string stable_abi;     // stable-ABI variants: the targeted Torch major.minor ("2.11")
  std::string tvm_ffi;        // tvm-ffi variants: the apache-tvm-ffi release to build against
  std::string cuda;           // CUDA major.minor of a CUDA variant, "13.0"
  bool noarch = false;        // Python only: no compiler
  bool buildable = false;
  std::string reason;         // why not, when !buildable
  bool required = false;      // part of the Hub's required matrix
};

// The variants of `config` for this machine, in build order; unbuildable ones carry a reason
// (a backend with no toolchain here, a CUDA version nvcc does not provide, bounds excluding all).
// `torch_filter` restricts to Torch major.minor versions ("2.11"); empty keeps kb's default set.
std::vector<PlannedVariant> plan_variants(const config::BuildConfig& config, const MachineFacts& machine,
                                          const std::vector<std::string>& torch_filter = {});

// The Hub's matrix restricted to the config's backends, each marked buildable here or not.
std::vector<PlannedVariant> plan_hub_matrix(const config::BuildConfig& config, const MachineFacts& machine);

}  // namespace kb::build
