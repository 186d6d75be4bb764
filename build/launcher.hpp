// SPDX-License-Identifier: Apache-2.0
// Compiler launchers (ccache, sccache) in front of g++ and nvcc, and the toolchain identity that
// keys their caches per variant (docs/compiler-cache.md).
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "build/ninja_file.hpp"

namespace kb::build {

// "ccache", "sccache" or "" (none). `flag` is --launcher ("none" turns detection off); else
// KB_LAUNCHER; else sccache when SCCACHE_REDIS/SCCACHE_BUCKET/SCCACHE_GHA_ENABLED/SCCACHE_DIR is set;
// else ccache when CCACHE_REMOTE_STORAGE/CCACHE_DIR is set; else none. `getenv` returns "" for unset.
// Throws Error(usage) for any other value, naming where it came from.
std::string choose_launcher(const std::string& flag, const std::function<std::string(const char*)>& getenv);

// Everything that decides what a compile of this variant produces beyond its own command line
// and sources: kb's identity format, the variant, Torch, the CUDA toolkit (its exact
// release), the compat layer (its cached dir is named by a hash of its inputs) and every flag.
struct ToolchainFacts {
  std::string variant, torch_version, torch_cuda, policy;
  std::string cuda_toolkit;             // cuda_toolkit_fingerprint(), "" without CUDA
  std::vector<std::string> compat_flags;
  std::filesystem::path project;        // replaced by `<project>` so clones in other dirs agree
};
std::string toolchain_identity(const ToolchainFacts& facts, const VariantNinja& v);

// What names the CUDA toolkit's exact release, whatever its layout: version.json (runfile
// installs, every component's version), the dist-info names of a PyPI layout
// (nvidia_cuda_nvcc-13.0.88.dist-info, ...), and the CUDA_VERSION line of cuda.h.
std::string cuda_toolkit_fingerprint(const std::filesystem::path& cuda_home);

// The words ninja puts before g++/nvcc for this variant: `env KEY=VALUE... <launcher>`.
// ccache: CCACHE_BASEDIR=project (paths inside the project become relative, so clones in other
// dirs share entries) and CCACHE_EXTRAFILES=identity_file (hashed into every key). sccache:
// SCCACHE_C_CUSTOM_CACHE_BUSTER=identity. Empty for no launcher.
std::vector<std::string> launcher_words(const std::string& launcher, const std::string& identity,
                                        const std::filesystem::path& identity_file,
                                        const std::filesystem::path& project);

}  // namespace kb::build
