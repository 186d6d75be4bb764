// SPDX-License-Identifier: Apache-2.0
// kernel-builder's discovery (the first of result/, build/, the dir itself whose subdirectories
// hold metadata.json) widened to variant-named directories without metadata.json, which
// kernel-builder skips silently but the `kernels` loader would still select by name.
#include "core/tree/discovery.hpp"

#include <algorithm>

namespace kb::tree::detail {

namespace {

bool is_variant_dir(const Listing& l, const std::string& dir, const std::string& name) {
  return l.has_file(join(dir, "metadata.json")) || (!name.empty() && parse_variant(name).has_value());
}

std::vector<std::string> variant_children(const Listing& l, const std::string& dir) {
  std::vector<std::string> out;
  for (const std::string& name : l.subdirs(dir))
    if (is_variant_dir(l, join(dir, name), name)) out.push_back(name);
  return out;
}

std::string parent_of(const std::string& dir) {
  size_t slash = dir.rfind('/');
  return slash == std::string::npos ? std::string() : dir.substr(0, slash);
}

}  // namespace

std::string join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

Discovery discover(const Listing& l, const std::string& top, const std::string& top_name) {
  Discovery d;
  d.root = top;
  if (is_variant_dir(l, top, top_name)) {
    d.kind = TreeKind::variant;
    return d;
  }
  const std::vector<std::string> top_dirs = l.subdirs(top);
  for (const char* sub : {"result", "build", ""}) {
    std::string name = sub;
    if (!name.empty() && std::find(top_dirs.begin(), top_dirs.end(), name) == top_dirs.end()) continue;
    std::string root = name.empty() ? top : join(top, name);
    std::vector<std::string> variants = variant_children(l, root);
    if (variants.empty()) continue;
    d.kind = TreeKind::tree;
    d.root = root;
    d.variants = std::move(variants);
    // A build/ or result/ root has a container (the project dir) holding build.toml or a card;
    // so does an input that is itself named build/ or result/ (kb publish build/).
    if (!name.empty()) {
      d.has_container = true;
      d.container = top;
    } else if ((top_name == "build" || top_name == "result") && !top.empty()) {
      d.has_container = true;
      d.container = parent_of(top);
    }
    return d;
  }
  return d;
}

}  // namespace kb::tree::detail
