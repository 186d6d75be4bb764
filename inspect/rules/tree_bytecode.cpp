// SPDX-License-Identifier: Apache-2.0
// tree.bytecode (docs/conformance.md): no __pycache__ or *.pyc in a variant. kernel-builder
// deletes them before hashing and the loader skips them on download, so shipped bytecode is
// dead weight at best and stale code for a local loader at worst.
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_bytecode;

namespace {

bool is_pycache(const std::string& rel) {
  return rel == "__pycache__" || ends_with(rel, "/__pycache__");
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) {
    for (const std::string& d : v.dirs)
      if (is_pycache(d))
        out.add(k_tree_bytecode, file_path(v, d), d, "bytecode directory " + d + " in the variant",
                "delete it (find . -name __pycache__ -prune -exec rm -r {} +); set PYTHONDONTWRITEBYTECODE=1");
    for (const TreeFile& f : v.files)
      if (ends_with(f.rel, ".pyc") && f.rel.find("__pycache__/") == std::string::npos)
        out.add(k_tree_bytecode, file_path(v, f.rel), f.rel, "bytecode file " + f.rel + " in the variant",
                "delete *.pyc files before packaging");
  }
}

}  // namespace

const Rule k_tree_bytecode{
    "tree.bytecode", Severity::error, "no __pycache__ directories or .pyc files in a variant",
    "Variants ship Python sources only. kernel-builder removes bytecode before hashing and\n"
    "kernels ignores *.pyc and __pycache__ when downloading, so bytecode in a tree means it was\n"
    "imported in place after the build: it bloats the upload and may be stale.\n"
    "Files inside a __pycache__ directory are reported once, as the directory.\n"
    "example: error tree.bytecode: bytecode directory __pycache__ in the variant",
    nullptr, &check};

}  // namespace kb::inspect
