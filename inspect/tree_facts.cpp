// SPDX-License-Identifier: Apache-2.0
// Lookups on VariantFacts and the listing helpers both loaders share.
#include <algorithm>

#include "inspect/tree_facts.hpp"
#include "inspect/tree_loader.hpp"

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

bool is_native_name(const std::string& rel) {
  // .so/.pyd per C1, plus .dylib/.dll (tvm-ffi on macOS/Windows, G5); versioned .so.N too.
  std::string name = rel.substr(rel.rfind('/') + 1);
  for (const char* ext : {".so", ".pyd", ".dylib", ".dll"}) {
    std::string e = ext;
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return true;
  }
  return name.find(".so.") != std::string::npos;
}

void add_variant_file(VariantFacts& v, const std::string& rel, std::uint64_t size, bool dangling,
                      const std::string* text) {
  v.files.push_back({rel, size, dangling, {}});
  if (text) v.python.push_back({rel, *text});
  if (!dangling && is_native_name(rel)) v.natives.push_back({rel, std::nullopt});
}

void finish_variant(VariantFacts& v, const std::optional<std::string>& metadata_text) {
  auto by_rel = [](const auto& a, const auto& b) { return a.rel < b.rel; };
  std::sort(v.files.begin(), v.files.end(), by_rel);
  std::sort(v.python.begin(), v.python.end(), by_rel);
  std::sort(v.natives.begin(), v.natives.end(), by_rel);
  std::sort(v.dirs.begin(), v.dirs.end());
  v.dirs.erase(std::unique(v.dirs.begin(), v.dirs.end()), v.dirs.end());
  v.has_metadata = metadata_text.has_value();
  if (metadata_text) v.metadata = parse_metadata(*metadata_text);
}

}  // namespace kb::inspect
