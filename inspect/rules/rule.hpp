// SPDX-License-Identifier: Apache-2.0
// A validation rule: a stable id, a default severity, documentation, and a pure check
// function from facts to findings. One rule per file in inspect/rules/; registry.cpp lists them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/variant.hpp"
#include "inspect/inspect.hpp"
#include "inspect/so_facts.hpp"

namespace kb::inspect {

struct PolicyData;  // inspect/policy_data.hpp: manylinux, stable-ABI and shim tables
struct TreeFacts;   // inspect/tree_facts.hpp: a variant dir / build tree

struct Rule;

// Collects findings for one rule run; fills rule id and severity from the Rule.
class Findings {
 public:
  void add(const Rule& rule, std::string file, std::string subject, std::string message,
           std::string hint = {});
  void add(Finding f) { m_items.push_back(std::move(f)); }
  std::vector<Finding>& items() { return m_items; }
  const std::vector<Finding>& items() const { return m_items; }

 private:
  std::vector<Finding> m_items;
};

// What a rule may know beyond the facts: options, data tables and, when the .so sits in a
// variant directory, the parsed variant name.
class LibraryIndex;  // inspect/library_index.hpp: DT_NEEDED libraries for elf.unresolved

struct RuleContext {
  const Options& options;
  const PolicyData& data;
  std::optional<Variant> variant;
  const LibraryIndex* libraries = nullptr;  // null unless --libdir is given
};

struct Rule {
  const char* id;
  Severity severity;
  const char* summary;
  const char* explanation;  // what, why (docs/conformance.md has more), example finding
  void (*check_so)(const SoFacts&, const RuleContext&, Findings&) = nullptr;
  void (*check_tree)(const TreeFacts&, const RuleContext&, Findings&) = nullptr;
};

// Every rule, in registry order. Ids are only ever added (retire, never reuse).
const std::vector<const Rule*>& all_rules();
const Rule* find_rule(const std::string& id);

// Pseudo-rule for "kb could not read this input" (exit 3 when nothing else is wrong).
extern const Rule k_input_unreadable;

}  // namespace kb::inspect
