// SPDX-License-Identifier: Apache-2.0
// Kernel trees on disk. Symlinks are followed only when they resolve to a regular file inside
// the tree (the Hub has no symlinks: producers store the content); a symlink leaving the tree,
// to a directory, or a special file is refused; a dangling one is listed as such.
#include <algorithm>

#include "core/error.hpp"
#include "core/tree/discovery.hpp"
#include "core/tree/member_name.hpp"

namespace fs = std::filesystem;

namespace kb::tree::detail {

namespace {

class DirListing : public Listing {
 public:
  explicit DirListing(fs::path base) : m_base(std::move(base)) {}
  std::vector<std::string> subdirs(const std::string& dir) const override {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(m_base / dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->is_directory(ec)) out.push_back(it->path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  bool has_file(const std::string& rel) const override {
    std::error_code ec;
    return fs::is_regular_file(m_base / rel, ec);
  }

 private:
  fs::path m_base;
};

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

std::vector<fs::path> sorted_children(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    out.push_back(it->path());
  }
  if (ec) throw Error(ErrorKind::bad_input, dir.string() + ": cannot list: " + ec.message(), "check its permissions");
  std::sort(out.begin(), out.end());
  return out;
}

// Lists one directory level into members (files) and names (subdirectories to descend).
struct Walker {
  fs::path fence;  // canonical: symlinks must resolve under it
  std::vector<Refusal>& refused;

  // A file member for `p`, or nullopt when it is a directory (`is_dir`) or refused.
  std::optional<Member> classify(const fs::path& p, const std::string& rel, const std::string& where, bool& is_dir) const {
    is_dir = false;
    if (auto why = unsafe_member_reason(rel)) return refuse(p, rel, *why);
    std::error_code ec;
    fs::file_status st = fs::symlink_status(p, ec);
    if (fs::is_directory(st)) {
      is_dir = true;
      return std::nullopt;
    }
    if (fs::is_symlink(st)) {
      fs::path target = fs::canonical(p, ec);
      if (ec) return Member{rel, 0, true, where, p, nullptr, 0};
      if (!is_within(fence, target)) return refuse(p, rel, "symlink to " + target.string() + " leaves the tree");
      if (!fs::is_regular_file(target, ec)) return refuse(p, rel, "symlink to a directory or special file");
      return Member{rel, fs::file_size(target, ec), false, where, target, nullptr, 0};
    }
    if (!fs::is_regular_file(st)) return refuse(p, rel, "not a regular file (fifo, socket or device)");
    return Member{rel, fs::file_size(p, ec), false, where, p, nullptr, 0};
  }

  std::optional<Member> refuse(const fs::path& p, const std::string& rel, const std::string& why) const {
    refused.push_back({p.string(), rel, why});
    return std::nullopt;
  }

  void walk(const fs::path& dir, const std::string& prefix, const std::string& display, std::vector<Member>& files,
            std::vector<std::string>* dirs) const {
    for (const fs::path& p : sorted_children(dir)) {
      std::string rel = prefix + p.filename().string();
      bool is_dir = false;
      std::optional<Member> m = classify(p, rel, display + "/" + rel, is_dir);
      if (m) files.push_back(std::move(*m));
      if (!is_dir) continue;
      if (dirs) dirs->push_back(rel);
      walk(p, rel + "/", display, files, dirs);
    }
  }
};

VariantDir read_variant(const Walker& w, const fs::path& dir, const std::string& name) {
  VariantDir v;
  v.name = name;
  v.dir = dir;
  v.display = dir.string();
  w.walk(dir, "", v.display, v.files, &v.dirs);
  std::sort(v.files.begin(), v.files.end(), [](const Member& a, const Member& b) { return a.rel < b.rel; });
  if (const Member* meta = v.find("metadata.json"); meta && !meta->dangling) v.metadata_text = meta->read_text();
  finish_variant(v);
  return v;
}

// Plain files of `dir` (not descending); symlinks only when they stay in the tree.
std::vector<Member> plain_files(const Walker& w, const fs::path& dir) {
  std::vector<Member> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const fs::path& p : sorted_children(dir)) {
    bool is_dir = false;
    std::string name = p.filename().string();
    // Beside the variants only regular files matter (a card, build.toml); directories, links to
    // them and oddly named files belong to no variant and are never read.
    if (unsafe_member_reason(name) || !fs::is_regular_file(p, ec)) continue;
    if (std::optional<Member> m = w.classify(p, name, p.string(), is_dir); m && !m->dangling) out.push_back(std::move(*m));
  }
  return out;
}

std::string dir_name(const fs::path& input) {
  fs::path p = fs::absolute(input).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

void read_tree_root(KernelTree& t, const Walker& w, const fs::path& root, const Discovery& d) {
  for (const fs::path& p : sorted_children(root)) {
    std::string name = p.filename().string();
    std::error_code ec;
    if (std::find(d.variants.begin(), d.variants.end(), name) != d.variants.end())
      t.variants.push_back(read_variant(w, p, name));
    else if (name == "benchmarks" && fs::is_directory(fs::symlink_status(p, ec)))
      w.walk(p, "benchmarks/", root.string(), t.benchmarks, nullptr);
    else if (fs::is_directory(p, ec) && !is_bytecode(name))
      t.other_dirs.push_back(name);
  }
  t.root_files = plain_files(w, root);
}

}  // namespace

KernelTree open_dir_tree(const fs::path& input) {
  KernelTree t;
  t.input = input;
  const std::string name = dir_name(input);
  Discovery d = discover(DirListing(input), "", name);
  t.kind = d.kind;
  fs::path root = d.root.empty() ? input : input / d.root;
  t.root_display = root.string();
  std::error_code ec;
  Walker w{fs::canonical(root, ec), t.refused};
  if (ec) throw Error(ErrorKind::bad_input, root.string() + ": cannot resolve: " + ec.message());
  if (d.kind == TreeKind::variant) {
    t.variants.push_back(read_variant(w, input, name));
    return t;
  }
  if (d.kind == TreeKind::none) return t;
  read_tree_root(t, w, root, d);
  fs::path container = d.has_container ? input / d.container : fs::path();
  if (!d.has_container && (name == "build" || name == "result")) container = fs::absolute(input).lexically_normal().parent_path();
  if (container.filename().empty() && !container.empty()) container = container.parent_path();
  if (!container.empty()) {
    Walker outer{fs::canonical(container, ec), t.refused};
    if (!ec) t.container_files = plain_files(outer, container);
    if (t.benchmarks.empty() && fs::is_directory(container / "benchmarks", ec))
      outer.walk(container / "benchmarks", "benchmarks/", container.string(), t.benchmarks, nullptr);
  }
  return t;
}

}  // namespace kb::tree::detail
