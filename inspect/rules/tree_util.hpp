// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the tree.*, ops.* and py.* rules (pure functions over TreeFacts).
#pragma once
#include <string>

#include "inspect/rules/rule.hpp"
#include "inspect/tree_facts.hpp"

namespace kb::inspect {

// Adds a finding at a severity other than the rule's default (a warning from an error rule).
inline void add_at(Findings& out, const Rule& rule, Severity s, std::string file, std::string subject,
                   std::string message, std::string hint = {}) {
  out.add(Finding{rule.id, s, std::move(file), std::move(subject), std::move(message), std::move(hint)});
}

// The parsed metadata of a variant when it is usable JSON, else nullptr.
inline const Metadata* metadata_of(const VariantFacts& v) {
  return v.metadata && v.metadata->json_ok ? &v.metadata->metadata : nullptr;
}

inline bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A file's path for findings: the variant path joined with the relative path.
inline std::string file_path(const VariantFacts& v, const std::string& rel) { return v.path + "/" + rel; }

}  // namespace kb::inspect
