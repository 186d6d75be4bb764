// SPDX-License-Identifier: Apache-2.0
// Hand-built facts for rule tests: run one registered rule over a SoFacts and get its findings.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/variant.hpp"
#include "inspect/library_index.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"

namespace kb::test {

// Runs the rule `id` (looked up in the registry) with the given options and variant.
inline std::vector<Finding> run_rule(const std::string& id, const inspect::SoFacts& so,
                                     const inspect::Options& options = {},
                                     std::optional<Variant> variant = std::nullopt) {
  const inspect::Rule* rule = inspect::find_rule(id);
  if (!rule || !rule->check_so) throw std::runtime_error("no such so rule: " + id);
  inspect::PolicyData data = inspect::load_policy_data(options);
  inspect::RuleContext ctx{options, data, std::move(variant)};
  inspect::Findings out;
  rule->check_so(so, ctx, out);
  return out.items();
}

// Runs the rule `id` with a library index (the --libdir seam); null is "no --libdir".
inline std::vector<Finding> run_rule_with_libraries(const std::string& id, const inspect::SoFacts& so,
                                                     const inspect::LibraryIndex* libs) {
  inspect::Options options;
  inspect::PolicyData data = inspect::load_policy_data(options);
  inspect::RuleContext ctx{options, data, std::nullopt, libs};
  inspect::Findings out;
  inspect::find_rule(id)->check_so(so, ctx, out);
  return out.items();
}

inline inspect::SoFacts so_named(const std::string& path, const std::string& machine = "x86_64") {
  inspect::SoFacts so;
  so.path = path;
  so.machine = machine;
  so.has_gnu_stack = true;
  return so;
}

// An undefined symbol imported as name@version from file; also records the Verneed entry.
inline void add_import(inspect::SoFacts& so, const std::string& name, const std::string& version = "",
                       const std::string& file = "") {
  inspect::DynSymbol s;
  s.name = name;
  s.version = version;
  s.version_file = file;
  s.defined = false;
  s.type = inspect::SymbolType::func;
  so.dynsyms.push_back(s);
  if (version.empty()) return;
  for (const auto& n : so.version_needs)
    if (n.file == file && n.version == version) return;
  so.version_needs.push_back({file, version, false});
}

inline void add_export(inspect::SoFacts& so, const std::string& name,
                       inspect::SymbolBinding binding = inspect::SymbolBinding::global,
                       inspect::SymbolType type = inspect::SymbolType::func) {
  inspect::DynSymbol s;
  s.name = name;
  s.defined = true;
  s.binding = binding;
  s.type = type;
  so.dynsyms.push_back(s);
}

inline std::vector<std::string> subjects(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.subject);
  return out;
}

}  // namespace kb::test
