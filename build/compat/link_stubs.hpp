// SPDX-License-Identifier: Apache-2.0
// Link stubs: stand-ins for libc/libm/ld.so/libstdc++/libgcc_s with the host library's SONAME
// that define only the symbol versions a policy allows, the newest allowed one as default.
// Linked with -L first, every reference binds to an allowed version, and anything without one
// becomes a link error (or an unresolved symbol that kb inspect's elf.unresolved names).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "build/compat/elf_listing.hpp"
#include "build/compat/versions.hpp"
#include "core/process.hpp"

namespace kb::build::compat {

struct StubSource {
  std::string assembly;        // one entry per kept symbol@version
  std::string version_script;  // the kept version nodes
  std::vector<std::string> kept_names;  // names with at least one allowed version
};

// Pure: picks the allowed definitions of `symbols` (a host library's .dynsym).
StubSource make_stub_source(const std::vector<ElfSymbol>& symbols, const AllowedVersions& allowed);

// Writes and assembles dir/<soname> for the host library at `lib`. Returns kept names.
std::vector<std::string> build_stub(const std::filesystem::path& lib, const std::string& soname,
                                    const AllowedVersions& allowed, const std::filesystem::path& dir,
                                    ProcessRunner& runner, const std::string& cc = "gcc");

}  // namespace kb::build::compat
