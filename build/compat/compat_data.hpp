// SPDX-License-Identifier: Apache-2.0
// compat-symbols.json, embedded: the reviewed decisions of the compatibility layer.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace kb::build::compat {

enum class MemberAction { take, deny, privatise };

struct MemberDecision {
  MemberAction action = MemberAction::deny;
  std::string reason;
};

struct ShimEntry {
  std::string id;
  std::vector<std::string> symbols;
  std::string reason;
};

struct DeniedEntry {
  std::string match;  // substring of the demangled (or raw) symbol name
  std::string reason;
  std::string instead;
};

struct CompatData {
  std::vector<std::string> macros_undefined;
  std::vector<std::string> pinned_libraries;  // sonames forced into DT_NEEDED
  std::vector<std::string> dropped_prefixes;
  std::map<std::string, MemberDecision> members;  // libstdc++.a member -> decision
  std::vector<ShimEntry> shims;
  std::vector<DeniedEntry> denied;
};

// The embedded data, parsed once.
const CompatData& compat_data();
// Its raw text (part of the cache key).
const std::string& compat_data_text();
// Parses a data file's text; throws Error(bad_input) naming what is malformed.
CompatData parse_compat_data(const std::string& text);

// The denied entry matching `demangled` (or `mangled`), or null.
const DeniedEntry* find_denied(const CompatData& data, const std::string& mangled, const std::string& demangled);

// Demangles a C++ symbol name; returns it unchanged when it is not a mangled name.
std::string demangle(const std::string& name);

}  // namespace kb::build::compat
