// SPDX-License-Identifier: Apache-2.0
// The self-test a freshly generated compat layer must pass before it is cached.
#pragma once
#include <filesystem>

#include "build/compat.hpp"
#include "build/compat/versions.hpp"

namespace kb::build::compat {

// 1. links every archive member (--whole-archive) against the stubs with --no-undefined;
// 2. compiles and links a probe .so (vector, shared_ptr, to_chars, filesystem, pow, stat,
//    condition_variable, exception_ptr, dlopen, pthread) with `flags` and --no-undefined, checks
//    its version needs with readelf against `allowed`, then dlopens it in a host and runs it.
// Throws Error(environment) naming the failing step and its output.
// A cross toolchain's probe host runs under its emulator (qemu-user).
void self_test(const CompatFlags& flags, const std::filesystem::path& layer_dir,
               const AllowedVersions& allowed, const std::filesystem::path& work, ProcessRunner& runner,
               const Toolchain& toolchain = host_toolchain());

// prepare_compat after the policy lookup (tests pass their own version sets).
CompatFlags prepare_layer(const std::string& policy, const AllowedVersions& allowed,
                          const std::filesystem::path& cache_dir, ProcessRunner& runner,
                          const Toolchain& toolchain = host_toolchain());

// Version names in `readelf -V` output (Version needs) that `allowed` does not list, for the
// libraries the layer governs (GLIBC, GLIBCXX, CXXABI, GCC).
std::vector<std::string> disallowed_version_needs(const std::string& readelf_v, const AllowedVersions& allowed);

}  // namespace kb::build::compat
