// SPDX-License-Identifier: Apache-2.0
// Directory sources. Symlinks are followed only when they resolve to a regular file inside the
// tree; kb stores their content (the Hub has no symlinks). Anything leaving the tree is refused.
#include <algorithm>

#include "core/error.hpp"
#include "package/entry_path.hpp"
#include "package/source_internal.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

struct Walker {
  fs::path root;  // canonical tree root: symlinks must stay under it
  std::vector<std::string>& excluded;

  [[noreturn]] void refuse(const fs::path& p, const std::string& why, const std::string& hint) const {
    throw Error(ErrorKind::bad_input, p.string() + ": " + why, hint);
  }

  void add_symlink(const fs::path& p, const std::string& rel, std::vector<SourceFile>& out) const {
    std::error_code ec;
    fs::path target = fs::canonical(p, ec);
    if (ec) refuse(p, "dangling symlink to " + fs::read_symlink(p, ec).string(), "remove it or point it at a file in the tree");
    if (!is_within(root, target))
      refuse(p, "symlink to " + target.string() + " leaves the tree", "copy the file into the tree instead of linking it");
    if (!fs::is_regular_file(target, ec)) refuse(p, "symlink to a directory or special file", "replace it with a copy");
    out.push_back({rel, fs::file_size(target), {target, nullptr, 0}});
  }

  void walk(const fs::path& dir, const std::string& prefix, std::vector<SourceFile>& out) const {
    std::vector<fs::path> children;
    for (const auto& e : fs::directory_iterator(dir)) children.push_back(e.path());
    std::sort(children.begin(), children.end());
    for (const fs::path& p : children) {
      std::string rel = prefix + p.filename().string();
      if (auto why = unsafe_entry_reason(rel)) refuse(p, *why, "rename the file");
      std::error_code ec;
      fs::file_status st = fs::symlink_status(p, ec);
      if (is_bytecode(rel)) {
        excluded.push_back(rel + (fs::is_directory(st) ? "/" : ""));
      } else if (fs::is_symlink(st)) {
        add_symlink(p, rel, out);
      } else if (fs::is_directory(st)) {
        walk(p, rel + "/", out);
      } else if (fs::is_regular_file(st)) {
        out.push_back({rel, fs::file_size(p), {p, nullptr, 0}});
      } else {
        refuse(p, "not a regular file (fifo, socket or device)", "remove it from the tree");
      }
    }
  }
};

bool has_variant_children(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && parse_variant(e.path().filename().string())) return true;
  return false;
}

}  // namespace

SourceTree read_directory_source(const fs::path& path) {
  SourceTree tree;
  tree.path = path;
  fs::path root = path;
  fs::path card_dirs[2] = {path, path.parent_path()};
  if (parse_variant(fs::absolute(path).lexically_normal().filename().string())) {
    Walker w{fs::canonical(path), tree.excluded};
    std::vector<SourceFile> files;
    w.walk(path, "", files);
    std::string name = fs::canonical(path).filename().string();
    tree.variants.push_back(make_variant(name, path, std::move(files)));
    return tree;
  }
  if (!has_variant_children(path) && fs::is_directory(path / "build")) {
    root = path / "build";
    card_dirs[0] = root;
    card_dirs[1] = path;
  }
  Walker w{fs::canonical(root), tree.excluded};
  std::vector<fs::path> children;
  for (const auto& e : fs::directory_iterator(root)) children.push_back(e.path());
  std::sort(children.begin(), children.end());
  for (const fs::path& p : children) {
    std::string name = p.filename().string();
    std::error_code ec;
    bool is_dir = fs::is_directory(fs::symlink_status(p, ec));
    if (is_dir && parse_variant(name)) {
      std::vector<SourceFile> files;
      w.walk(p, "", files);
      tree.variants.push_back(make_variant(name, p, std::move(files)));
    } else if (is_dir && name == "benchmarks") {
      w.walk(p, "benchmarks/", tree.benchmarks);
    } else if (is_bytecode(name)) {
      tree.excluded.push_back(name);
    } else if (name != "CARD.md") {
      throw Error(ErrorKind::bad_input, p.string() + ": not a variant directory, CARD.md or benchmarks/",
                  "a build tree holds only build/<variant>/ directories (e.g. torch212-cxx11-cu130-x86_64-linux)");
    }
  }
  if (tree.variants.empty())
    throw Error(ErrorKind::bad_input, root.string() + ": no variant directories", "run kb build first, or pass its build/ directory");
  for (const fs::path& d : card_dirs) {
    std::error_code ec;
    fs::file_status st = fs::symlink_status(d / "CARD.md", ec);
    if (fs::is_symlink(st))
      throw Error(ErrorKind::bad_input, (d / "CARD.md").string() + ": CARD.md is a symlink", "make it a regular file");
    if (fs::is_regular_file(st)) {
      fs::path card = d / "CARD.md";
      tree.card_template = read_text({"CARD.md", fs::file_size(card), {card, nullptr, 0}});
      break;
    }
  }
  return tree;
}

}  // namespace kb::package
