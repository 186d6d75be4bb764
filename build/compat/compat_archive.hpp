// SPDX-License-Identifier: Apache-2.0
// Builds libkb_manylinux_compat.a: the planned libstdc++.a members plus the needed shims.
// It plays the role of Red Hat's libstdc++_nonshared.a, made from Debian's PIC libstdc++.a.
#pragma once
#include <filesystem>
#include <set>
#include <string>

#include "build/compat/archive_plan.hpp"
#include "build/toolchain.hpp"
#include "core/process.hpp"

namespace kb::build::compat {

constexpr const char* k_archive_name = "libkb_manylinux_compat.a";

struct ArchiveInputs {
  std::filesystem::path libstdcxx_a;
  std::set<std::string> stub_names;  // what the stubs define at allowed versions
  Toolchain toolchain;               // compiles the shims, extracts and packs the members
};

// Writes dir/libkb_manylinux_compat.a; `work` is scratch space. Returns the plan it followed.
ArchivePlan build_compat_archive(const ArchiveInputs& in, const std::set<std::string>& too_new,
                                 const std::filesystem::path& dir, const std::filesystem::path& work,
                                 ProcessRunner& runner);

}  // namespace kb::build::compat
