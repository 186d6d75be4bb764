// SPDX-License-Identifier: Apache-2.0
// Which libstdc++.a members go into the compat archive. Pure: tested on hand-built listings.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "build/compat/compat_data.hpp"
#include "build/compat/elf_listing.hpp"

namespace kb::build::compat {

struct ArchivePlan {
  std::vector<std::string> take;                  // members copied as they are
  std::vector<std::string> privatise;             // members whose globals get renamed __kb_priv_*
  std::map<std::string, std::string> denied;      // member -> why it is left out
  std::map<std::string, std::string> unreviewed;  // taken/denied by the scan, not by the data file
};

// `too_new`: names the host libstdc++.so.6 defines at no allowed version.
// `resolvable`: names the stubs, libgcc.a and the shims define (allowed for member references).
ArchivePlan plan_archive(const std::vector<ElfObject>& members, const std::set<std::string>& too_new,
                         const std::set<std::string>& resolvable, const CompatData& data);

// A member's first writable, non-relro definition ("sym in .bss"), or empty when stateless.
std::string writable_state(const ElfObject& member);

}  // namespace kb::build::compat
