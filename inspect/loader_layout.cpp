// SPDX-License-Identifier: Apache-2.0
#include "inspect/loader_layout.hpp"

#include "inspect/python_scan.hpp"

namespace kb::inspect {

namespace {

std::string dir_of(const std::string& rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

bool is_inside(const std::string& rel, const std::string& package) {
  return package.empty() || rel.rfind(package + "/", 0) == 0;
}

// A module `path` (no extension) exists as a .py file, a package or namespace directory, or a
// native extension (<path>.abi3.so, <path>.cpython-312-x86_64-linux-gnu.so).
bool module_exists(const VariantFacts& v, const std::string& path) {
  if (v.file(path + ".py") || v.has_dir(path)) return true;
  for (const NativeFile& n : v.natives)
    if (n.rel.rfind(path + ".", 0) == 0 && n.rel.find('/', path.size()) == std::string::npos) return true;
  return false;
}

std::string dots(int level) { return std::string(static_cast<size_t>(level), '.'); }

}  // namespace

LoaderLayout loader_layout(const VariantFacts& v, const std::string& python_name) {
  if (v.file("__init__.py")) return {"__init__.py", ""};
  std::string legacy = python_name + "/__init__.py";
  if (!python_name.empty() && v.file(legacy)) return {legacy, python_name};
  return {};
}

std::vector<ImportProblem> unresolved_relative_imports(const VariantFacts& v, const LoaderLayout& layout) {
  std::vector<ImportProblem> out;
  if (layout.init.empty()) return out;
  for (const PyFile& py : v.python) {
    if (!is_inside(py.rel, layout.package)) continue;  // never imported through the package
    for (const PyImport& imp : scan_python(py.source).imports) {
      if (imp.level == 0 || !imp.top_level) continue;  // indented imports may sit in try/except
      std::string base = dir_of(py.rel);
      bool above = false;
      for (int up = 1; up < imp.level && !above; ++up) {
        if (base == layout.package) above = true;
        else base = dir_of(base);
      }
      const std::string stmt = "from " + dots(imp.level) + imp.module + " import";
      if (above) {
        out.push_back({py.rel, imp.line, "`" + stmt + "` goes above the package kernels imports (" + layout.init + ")"});
        continue;
      }
      if (imp.module.empty()) continue;  // `from . import x`: x may be any name the package defines
      std::string target = imp.module;
      for (char& c : target)
        if (c == '.') c = '/';
      if (!base.empty()) target = base + "/" + target;
      if (!module_exists(v, target))
        out.push_back({py.rel, imp.line, "`" + stmt + "` finds no module " + target + " in the package kernels imports (" +
                                             layout.init + ")"});
    }
  }
  return out;
}

}  // namespace kb::inspect
