// SPDX-License-Identifier: Apache-2.0
// tree.layout (catalogue C11, C27; gap G8): what a variant must contain for kernels to import
// it: a root __init__.py (or the legacy <python_name>/__init__.py), _ops.py, and, for an arch
// variant, a native extension.
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_layout;

namespace {

void check_module(const VariantFacts& v, Findings& out) {
  const Metadata* m = metadata_of(v);
  const std::string compat = m && !m->name.empty() ? m->python_name() + "/__init__.py" : "";
  bool root_init = v.file("__init__.py") != nullptr;
  bool compat_init = !compat.empty() && v.file(compat) != nullptr;
  if (!root_init && !compat_init)
    out.add(k_tree_layout, v.path, "__init__.py",
            "no __init__.py at the variant root" + (compat.empty() ? std::string() : " or in " + compat) +
                ": kernels reports \"No kernel module found\"",
            "install the kernel's torch-ext/<module>/ sources into the variant");
  if (compat_init)
    add_at(out, k_tree_layout, Severity::info, file_path(v, compat), compat,
           "legacy compat module " + compat + " (needed only by kernels <= 0.11.0)");
  if (!v.file("_ops.py"))
    out.add(k_tree_layout, v.path, "_ops.py", "no _ops.py at the variant root",
            "kb build generates _ops.py; it defines ops and add_op_namespace_prefix");
}

void check_natives(const VariantFacts& v, Findings& out) {
  if (!v.variant) return;  // tree.variant-name reports unparseable names
  if (v.variant->is_noarch()) {
    for (const NativeFile& n : v.natives)
      add_at(out, k_tree_layout, Severity::warning, file_path(v, n.rel), n.rel,
             "noarch variant " + v.name + " ships native code " + n.rel, "build it as an arch variant");
    return;
  }
  if (v.natives.empty())
    out.add(k_tree_layout, v.path, v.name, "arch variant " + v.name + " contains no native extension (.so)",
            "the build did not install the extension; kernels would select a variant that cannot load");
  // The <module>.abi3.so name itself is abi.python's check (it applies to single files too).
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  if (tree.kind != "variant" && tree.variants.empty())
    out.add(k_tree_layout, tree.path, "", "no variant directories found (looked in result/, build/ and the directory)",
            "pass a kernel project with build/<variant>/metadata.json, or a variant directory; to audit a Python "
            "wheel, add --profile wheel");
  for (const VariantFacts& v : tree.variants) {
    check_module(v, out);
    check_natives(v, out);
  }
}

}  // namespace

const Rule k_tree_layout{
    "tree.layout", Severity::error, "a variant holds __init__.py, _ops.py and, if arch, its extension",
    "kernels imports <variant>/__init__.py, else <variant>/<python_name>/__init__.py (C27), under\n"
    "the module name metadata.id; _ops.py defines the op namespace (C13). An arch variant\n"
    "(torch212-cxx11-cu130-x86_64-linux, torch-stable-abi...) must contain its native extension\n"
    "(<id>.abi3.so, named as abi.python checks): check-abi passes a variant with no .so (G8). The\n"
    "legacy compat dir <python_name>/__init__.py is reported as info; native code in a noarch\n"
    "variant is a warning. Unsafe archive member names (absolute, '..') are errors.\n"
    "example: error tree.layout: arch variant torch212-cxx11-cu130-x86_64-linux contains no native extension (.so)",
    nullptr, &check};

}  // namespace kb::inspect
