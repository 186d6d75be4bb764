// SPDX-License-Identifier: Apache-2.0
// py.imports (docs/conformance.md): kernels executes the variant under the module name
// metadata.id, so `import <python_name>` / `from <python_name>.x import` fail (or import some
// unrelated package); and only stdlib, torch, triton and the declared, allowed dependencies
// exist in a user's environment.
#include <set>

#include "inspect/catalog_data.hpp"
#include "inspect/python_scan.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_py_imports;

namespace {

std::set<std::string> importable(const Metadata& m) {
  std::set<std::string> ok = catalog_data().stdlib_modules;
  ok.insert({"torch", "triton"});
  const auto& tables = catalog_data().python_depends;
  for (const std::string& dep : m.python_depends)
    for (const char* table : {"general", m.backend.type.c_str()}) {
      auto t = tables.find(table);
      if (t == tables.end() || !t->second.count(dep)) continue;
      for (const std::string& mod : t->second.at(dep)) ok.insert(mod);
    }
  return ok;
}

void check_file(const VariantFacts& v, const PyFile& py, const Metadata& m, const std::set<std::string>& ok,
                Findings& out) {
  const std::string self = m.python_name();
  for (const PyImport& imp : scan_python(py.source).imports) {
    if (imp.level > 0) continue;
    std::string top = imp.module.substr(0, imp.module.find('.'));
    std::string where = py.rel + ":" + std::to_string(imp.line);
    if (top == self)
      out.add(k_py_imports, file_path(v, py.rel), where,
              "absolute self-import of " + imp.module + " at " + where + "; kernels loads the kernel as " + m.id,
              "use a relative import (from . import ... / from .layers import ...)");
    else if (imp.top_level && !ok.count(top))
      add_at(out, k_py_imports, Severity::warning, file_path(v, py.rel), where,
             "import of " + top + " at " + where + " is not stdlib, torch or a declared python-depends",
             "add it to python-depends if it is on the allow-list, or import it lazily inside a function");
  }
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    if (!m || m->name.empty()) continue;
    std::set<std::string> ok = importable(*m);
    // A tvm-ffi variant's framework is tvm_ffi, as torch is a Torch variant's: the loader only
    // picks the variant when tvm_ffi is importable.
    if (v.variant && v.variant->shape == Variant::Shape::tvm_ffi) ok.insert("tvm_ffi");
    for (const PyFile& py : v.python) check_file(v, py, *m, ok, out);
  }
}

}  // namespace

const Rule k_py_imports{
    "py.imports", Severity::error, "imports are relative to the kernel, or of stdlib/torch/declared deps",
    "kernels imports a variant under the name metadata.id, so an absolute self-import\n"
    "(`from relu.layers import X` in the kernel relu) fails at load time, or worse, imports an\n"
    "installed package of that name: an error. A module-level import of anything but the\n"
    "standard library, torch, triton and the import names of the declared python-depends\n"
    "(e.g. einops, cutlass for nvidia-cutlass-dsl) is a warning: users' environments lack it.\n"
    "In a tvm-ffi variant tvm_ffi counts as the framework, like torch.\n"
    "Imports inside functions are only checked for self-imports.\n"
    "example: error py.imports: absolute self-import of relu.layers at layers/__init__.py:3",
    nullptr, &check};

}  // namespace kb::inspect
