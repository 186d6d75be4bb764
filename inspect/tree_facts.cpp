// SPDX-License-Identifier: Apache-2.0
// Lookups on VariantFacts.
#include <algorithm>

#include "inspect/tree_facts.hpp"

namespace kb::inspect {

const PyFile* VariantFacts::python_file(const std::string& rel) const {
  for (const PyFile& p : python)
    if (p.rel == rel) return &p;
  return nullptr;
}

const TreeFile* VariantFacts::file(const std::string& rel) const {
  for (const TreeFile& f : files)
    if (f.rel == rel) return &f;
  return nullptr;
}

bool VariantFacts::has_dir(const std::string& rel) const {
  return std::find(dirs.begin(), dirs.end(), rel) != dirs.end();
}

}  // namespace kb::inspect
