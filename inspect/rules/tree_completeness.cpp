// SPDX-License-Identifier: Apache-2.0
// tree.completeness (docs/conformance.md): for every (system, backend) a tree
// ships arch variants for, the Hub requires the whole set (core/data/matrix.json "required"). Torch
// bounds or custom version lists silently produce incomplete sets that every tool passes.
#include <map>
#include <set>

#include "inspect/catalog_data.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_completeness;

namespace {

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  if (tree.kind == "variant") return;  // one variant says nothing about the set
  std::map<std::pair<std::string, std::string>, std::set<std::string>> present;  // (system, backend) -> names
  for (const VariantFacts& v : tree.variants)
    if (v.variant && v.variant->shape == Variant::Shape::arch)
      present[{v.variant->cpu + "-" + v.variant->os, v.variant->backend}].insert(v.name);
  const auto& required = catalog_data().required_variants;
  for (const auto& [key, names] : present) {
    const auto& [system, backend] = key;
    auto sys = required.find(system);
    if (sys == required.end() || !sys->second.count(backend)) {
      add_at(out, k_tree_completeness, Severity::info, tree.root, backend + " " + system,
             "the Hub defines no required variants for " + backend + " on " + system);
      continue;
    }
    std::vector<std::string> missing;
    for (const std::string& name : sys->second.at(backend))
      if (!names.count(name)) missing.push_back(name);
    if (missing.empty()) continue;
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    out.add(k_tree_completeness, tree.root, backend + " " + system,
            "non-compliant for " + backend + " " + system + ": missing " + std::to_string(missing.size()) + ": " + list,
            "build the missing variants (kb build builds the Hub's set by default) or accept partial support");
  }
}

}  // namespace

const Rule k_tree_completeness{
    "tree.completeness", Severity::warning, "every required variant of a shipped (system, backend) is present",
    "The Hub calls a kernel compliant for a backend on a system only when every required variant\n"
    "is present (the Hub's list, from nix-builder/build-variants.json; kb's copy is core/data/matrix.json; kb update-matrix imports a newer one):\n"
    "e.g. CUDA x86_64-linux needs torch212/torch213 x cu126/cu130/cu132. Users on a missing Torch\n"
    "or CUDA get \"no compatible variant\". Checked on build trees and archives, not single\n"
    "variants; stable-ABI, tvm-ffi and noarch variants have no required set.\n"
    "example: warning tree.completeness: non-compliant for cuda x86_64-linux: missing 5:\n"
    "  torch212-cxx11-cu126-x86_64-linux, torch212-cxx11-cu132-x86_64-linux, ...",
    nullptr, &check};

}  // namespace kb::inspect
