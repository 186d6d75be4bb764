// SPDX-License-Identifier: Apache-2.0
// tree.layout: what a variant must contain for kernels to import it: the __init__.py the loader
// actually executes (the root one, else the legacy <python_name>/__init__.py) with relative
// imports that resolve inside it, _ops.py, and, for an arch variant, a native extension
// (docs/conformance.md).
#include "inspect/loader_layout.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_layout;

namespace {

void check_module(const VariantFacts& v, Findings& out) {
  const Metadata* m = metadata_of(v);
  const std::string name = m && !m->name.empty() ? m->python_name() : "";
  const std::string compat = name.empty() ? "" : name + "/__init__.py";
  const LoaderLayout layout = loader_layout(v, name);
  if (layout.init.empty())
    out.add(k_tree_layout, v.path, "__init__.py",
            "no __init__.py at the variant root" + (compat.empty() ? std::string() : " or in " + compat) +
                ": kernels reports \"No kernel module found\"",
            "install the kernel's torch-ext/<module>/ sources into the variant");
  else if (layout.is_legacy())
    add_at(out, k_tree_layout, Severity::info, file_path(v, compat), compat,
           "no __init__.py at the variant root: kernels imports the legacy " + compat + " as the package");
  else if (!compat.empty() && v.file(compat))
    add_at(out, k_tree_layout, Severity::info, file_path(v, compat), compat,
           "legacy compat module " + compat + " (needed only by kernels <= 0.11.0)");
  for (const ImportProblem& p : unresolved_relative_imports(v, layout))
    out.add(k_tree_layout, file_path(v, p.file), p.file + ":" + std::to_string(p.line), p.message + ": kernels cannot import it",
            layout.is_legacy() ? "put __init__.py (and _ops.py) at the variant root, as kb build installs them"
                               : "import modules that ship in the variant, relative to the package root");
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
    "kernels imports <variant>/__init__.py, else <variant>/<python_name>/__init__.py, under the\n"
    "module name metadata.id, as a top-level package: a module-level relative import that leaves\n"
    "that package (`from .. import *` in the legacy file) or names a module it lacks cannot\n"
    "import. _ops.py defines the op namespace. An arch variant\n"
    "(torch212-cxx11-cu130-x86_64-linux, torch-stable-abi...) must contain its native extension\n"
    "(<id>.abi3.so, named as abi.python checks): kernel-builder's check-abi passes a variant with no .so. The\n"
    "legacy compat dir <python_name>/__init__.py is reported as info; native code in a noarch\n"
    "variant is a warning. Unsafe member names (absolute, '..', control characters), zip symlinks\n"
    "and symlinks leaving the tree are errors; such members are never read.\n"
    "example: error tree.layout: arch variant torch212-cxx11-cu130-x86_64-linux contains no native extension (.so)",
    nullptr, &check};

}  // namespace kb::inspect
