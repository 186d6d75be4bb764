// SPDX-License-Identifier: Apache-2.0
// The tables the tree.completeness, py.depends and py.imports rules read, parsed once from the
// embedded data files (core/data/matrix.json "required", python_depends.json, python_stdlib.txt).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kb::inspect {

struct CatalogData {
  // system ("x86_64-linux") -> backend ("cuda") -> required variant names.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> required_variants;
  // "general" or a backend -> dependency name -> import names. A backend absent here has no table.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> python_depends;
  std::set<std::string> stdlib_modules;
};

// Parsed on first use; throws Error(environment) if an embedded table is malformed.
const CatalogData& catalog_data();

}  // namespace kb::inspect
