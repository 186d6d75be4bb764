// SPDX-License-Identifier: Apache-2.0
// The layout the `kernels` loader actually imports (kernels 0.17, importer.py _import_from_path):
// it executes <variant>/__init__.py under the module name metadata.id, and only when that file is
// missing falls back to <variant>/<python_name>/__init__.py (the legacy layout). Either file is
// loaded as a top-level package whose __path__ is its own directory, so relative imports resolve
// inside that directory and nowhere above it (docs/conformance.md, tree.layout).
#pragma once
#include <string>
#include <vector>

#include "inspect/tree_facts.hpp"

namespace kb::inspect {

struct LoaderLayout {
  std::string init;     // the file the loader executes; "" when neither exists
  std::string package;  // the directory that is the package ("" for the variant root)
  bool is_legacy() const { return !package.empty(); }
};

// Which __init__.py `kernels` imports for a kernel whose Python name is `python_name`.
LoaderLayout loader_layout(const VariantFacts& v, const std::string& python_name);

struct ImportProblem {
  std::string file;     // relative to the variant
  int line = 0;
  std::string message;  // lower case, names the import
};

// Module-level relative imports (column 0, so they run at import time) of the package's modules
// that cannot resolve: above the package root, or of a module that is not in the package.
std::vector<ImportProblem> unresolved_relative_imports(const VariantFacts& v, const LoaderLayout& layout);

}  // namespace kb::inspect
