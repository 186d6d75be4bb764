// SPDX-License-Identifier: Apache-2.0
// Sources of the hidden shims of the compat archive (listed with their reasons in
// compat-symbols.json "shims"). Each one becomes its own archive member, so the linker pulls
// only what a .so references.
#pragma once
#include <string>
#include <vector>

namespace kb::build::compat {

struct ShimSource {
  const char* language;  // "c" or "c++"
  const char* text;
};

// The source for a shim id of compat-symbols.json; null for an unknown id.
const ShimSource* find_shim_source(const std::string& id);

// The shadow <bits/c++config.h>: include_next, then #undef each of `macros`.
std::string shadow_cxxconfig(const std::vector<std::string>& macros);

}  // namespace kb::build::compat
