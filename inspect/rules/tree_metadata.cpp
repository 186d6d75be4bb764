// SPDX-License-Identifier: Apache-2.0
// tree.metadata (docs/conformance.md): every variant has a metadata.json
// that kernels can deserialize, and the variants of one tree agree on name, version, license.
#include <map>
#include <set>

#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_metadata;

namespace {

void check_variant(const VariantFacts& v, Findings& out) {
  const std::string file = file_path(v, "metadata.json");
  if (!v.has_metadata)
    return out.add(k_tree_metadata, v.path, "metadata.json",
                   "variant has no metadata.json; kernel-builder skips it silently but kernels may select it",
                   "rebuild the variant (kb build writes metadata.json) or remove the directory");
  for (const MetadataProblem& p : v.metadata->problems)
    out.add(k_tree_metadata, file, p.key, (p.key.empty() ? "" : p.key + ": ") + p.message,
            "see kb inspect --explain tree.metadata for the schema");
  for (const std::string& key : v.metadata->unknown_keys)
    add_at(out, k_tree_metadata, Severity::info, file, key, "unknown key \"" + key + "\" is ignored by kernels");
  const Metadata* m = metadata_of(v);
  if (!m || !m->provenance) return;
  bool dirty = (m->provenance->kernel && m->provenance->kernel->dirty);
  if (dirty)
    add_at(out, k_tree_metadata, Severity::warning, file, "provenance.kernel.dirty",
           "built from a dirty git tree: the op namespace may not be unique to this code",
           "commit the changes and rebuild");
}

// kernel-builder upload refuses mixed versions; name and license must agree as well.
void check_consistency(const TreeFacts& tree, Findings& out) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;  // key -> value -> variants
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    if (!m) continue;
    seen["version"][std::to_string(m->version)].insert(v.name);
    seen["name"][m->name].insert(v.name);
    seen["license"][m->license].insert(v.name);
  }
  for (const auto& [key, values] : seen) {
    if (values.size() < 2) continue;
    std::string list;
    for (const auto& [value, variants] : values)
      list += (list.empty() ? "" : "; ") + value + " (" + *variants.begin() +
              (variants.size() > 1 ? " and " + std::to_string(variants.size() - 1) + " more" : "") + ")";
    out.add(k_tree_metadata, tree.root, key, "variants disagree on " + key + ": " + list,
            "rebuild all variants from one source, or publish them separately");
  }
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) check_variant(v, out);
  check_consistency(tree, out);
}

}  // namespace

const Rule k_tree_metadata{
    "tree.metadata", Severity::error, "metadata.json exists, follows the kernels schema, agrees across variants",
    "Every variant directory needs a metadata.json that kernels-data can deserialize:\n"
    "name (^[a-z][-a-z0-9]*[a-z0-9]$), id, version (unsigned), license, python-depends (a list;\n"
    "required by the code although the docs call it optional), backend {type: cann|cpu|cuda|\n"
    "metal|neuron|rocm|tpu|xpu, archs?}, optional upstream/source git URLs, kernel-depends\n"
    "[{repo-id, version|revision}], digest {algorithm, files}, provenance {kernel-builder,\n"
    "kernel: {commit (40/64 hex), dirty}}. A variant without metadata.json is invisible to\n"
    "kernel-builder's checks but kernels may still select it. All variants of a tree must\n"
    "share version, name and license. Unknown keys are info; a dirty build is a warning.\n"
    "example: error tree.metadata: backend.type: unknown backend \"cuda12\"\n"
    "example: error tree.metadata: variants disagree on version: 1 (torch212-cxx11-cu130-x86_64-linux); 2 (torch-cpu)",
    nullptr, &check};

}  // namespace kb::inspect
