// SPDX-License-Identifier: Apache-2.0
#include "core/tree/kernel_tree.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/tree/discovery.hpp"

namespace fs = std::filesystem;

namespace kb::tree {

std::unique_ptr<ByteStream> Member::open(std::uint64_t offset) const {
  if (zip) return zip->open(index, offset);
  if (dangling) throw Error(ErrorKind::bad_input, where + ": dangling symlink", "remove it or point it at a file in the tree");
  return open_file_stream(file, offset);
}

std::string Member::read_text(std::uint64_t limit) const {
  if (size > limit)
    throw Error(ErrorKind::bad_input, where + ": " + std::to_string(size) + " bytes, too large for a text file");
  return read_stream(*open());
}

const Member* VariantDir::find(const std::string& rel) const {
  auto it = std::lower_bound(files.begin(), files.end(), rel, [](const Member& m, const std::string& r) { return m.rel < r; });
  return it != files.end() && it->rel == rel ? &*it : nullptr;
}

namespace {

const Member* find_named(const std::vector<Member>& list, const std::string& name) {
  for (const Member& m : list)
    if (m.rel == name) return &m;
  return nullptr;
}

}  // namespace

const Member* KernelTree::root_file(const std::string& name) const { return find_named(root_files, name); }
const Member* KernelTree::container_file(const std::string& name) const { return find_named(container_files, name); }

bool is_archive_name(const fs::path& input) {
  std::string ext = input.extension().string();
  return ext == ".zip" || ext == ".whl";
}

KernelTree open_kernel_tree(const fs::path& input) {
  std::error_code ec;
  fs::file_status st = fs::status(input, ec);
  if (!fs::exists(st))
    throw Error(ErrorKind::bad_input, input.string() + ": no such file or directory",
                "pass a kernel dir, its build/ or result/, a variant dir, or a .zip/.whl of one");
  if (fs::is_directory(st)) return detail::open_dir_tree(input);
  if (!is_archive_name(input))
    throw Error(ErrorKind::bad_input, input.string() + ": not a directory, .zip or .whl",
                "pass a kernel dir, its build/ or result/, a variant dir, or a .zip/.whl of one");
  return detail::open_archive_tree(input);
}

void require_shippable(const KernelTree& t) {
  if (!t.refused.empty()) {
    const Refusal& r = t.refused.front();
    throw Error(ErrorKind::bad_input, r.where + ": " + r.reason + " (" + std::to_string(t.refused.size()) + " refused member(s))",
                "refusing a hostile or damaged tree; rebuild it from a clean build (kb build, kb package)");
  }
  for (const VariantDir& v : t.variants)
    for (const Member& m : v.files)
      if (m.dangling)
        throw Error(ErrorKind::bad_input, m.where + ": dangling symlink", "remove it or point it at a file in the tree");
}

namespace detail {

void finish_variant(VariantDir& v) {
  auto by_rel = [](const Member& a, const Member& b) { return a.rel < b.rel; };
  std::sort(v.files.begin(), v.files.end(), by_rel);
  std::sort(v.dirs.begin(), v.dirs.end());
  v.dirs.erase(std::unique(v.dirs.begin(), v.dirs.end()), v.dirs.end());
  v.variant = parse_variant(v.name);
  if (v.metadata_text) v.metadata = parse_metadata(*v.metadata_text);
}

}  // namespace detail

}  // namespace kb::tree
