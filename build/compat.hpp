// SPDX-License-Identifier: Apache-2.0
// The manylinux compatibility layer of kb build: flags that make a g++ 12 / glibc 2.36 build
// need no symbol version beyond a manylinux policy (core/data/compat-symbols.json gives each decision and its reason).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "build/toolchain.hpp"
#include "core/process.hpp"

namespace kb::build {

struct CompatFlags {
  std::vector<std::string> cxx_flags;        // g++ compile flags (after the user's -I)
  std::vector<std::string> nvcc_host_flags;  // nvcc options, passed to nvcc as they are (not -Xcompiler)
  std::vector<std::string> link_flags;       // g++ -shared link flags, after all objects and libraries
};

// Returns the flags for `policy` ("manylinux_2_28", another policy of inspect's data, or "none"
// for no layer). Generates the per-toolchain artefacts (link stubs, compat archive, shadow
// header) from the host's own libraries on first use, self-tests them, and caches them under
// cache_dir/<hash of inputs and policy>. Throws Error(usage) for an unknown policy and
// Error(environment) when a tool fails or the self-test does not pass. `toolchain` picks the
// machine: its policy table, its libraries (a cross toolchain's sysroot) and its tools.
CompatFlags prepare_compat(const std::string& policy, const std::filesystem::path& cache_dir,
                           ProcessRunner& runner, const Toolchain& toolchain = host_toolchain());

// Run after linking `so` with the layer's flags. Throws Error(nonconformant) when `so` leaves
// undefined a feature the layer denies (compat-symbols.json): the message names the symbol and
// the object files among `objects` that reference it, the hint says what to do instead.
void check_denied_references(const std::filesystem::path& so,
                             const std::vector<std::filesystem::path>& objects, ProcessRunner& runner);

}  // namespace kb::build
