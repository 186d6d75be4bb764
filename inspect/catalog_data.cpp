// SPDX-License-Identifier: Apache-2.0
#include "inspect/catalog_data.hpp"

#include <sstream>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/python_depends.hpp"
#include "core/torch_matrix.hpp"

namespace kb::inspect {

namespace {

CatalogData load() {
  CatalogData d;
  d.required_variants = torch_matrix().required;
  d.python_depends = python_depends_table();
  std::istringstream lines{std::string(embedded_data("python_stdlib.txt"))};
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') d.stdlib_modules.insert(line);
  return d;
}

}  // namespace

const CatalogData& catalog_data() {
  static const CatalogData k_data = load();
  return k_data;
}

}  // namespace kb::inspect
