// SPDX-License-Identifier: Apache-2.0
// Internal to core/tree: the one discovery rule, over a listing that is a directory on disk or
// the member names of an archive, so both kinds of input find the same variants.
#pragma once
#include <string>
#include <vector>

#include "core/tree/kernel_tree.hpp"

namespace kb::tree::detail {

// A directory tree as discovery sees it. Paths are '/'-separated and relative to the input;
// "" is the input itself.
class Listing {
 public:
  virtual ~Listing() = default;
  virtual std::vector<std::string> subdirs(const std::string& dir) const = 0;  // names, sorted
  virtual bool has_file(const std::string& rel) const = 0;
};

struct Discovery {
  TreeKind kind = TreeKind::none;
  std::string root;                   // the variant (kind variant) or the variants root
  std::vector<std::string> variants;  // names of the variant subdirectories of `root` (kind tree)
  bool has_container = false;         // the root is `build/` or `result/` inside `container`
  std::string container;
};

// `top` is where the input's content starts ("" or an archive's single top directory) and
// `top_name` its directory name ("" for an archive's root, which has no name).
Discovery discover(const Listing& listing, const std::string& top, const std::string& top_name);

std::string join(const std::string& dir, const std::string& name);

// The two readers behind open_kernel_tree (tree_dir.cpp, tree_zip.cpp).
KernelTree open_dir_tree(const std::filesystem::path& input);
KernelTree open_archive_tree(const std::filesystem::path& input);

// Sorts a variant's lists and parses its metadata.json text.
void finish_variant(VariantDir& v);

}  // namespace kb::tree::detail
