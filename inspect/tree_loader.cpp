// SPDX-License-Identifier: Apache-2.0
// Directory inputs: C1 discovery (result/, build/, the dir itself) extended to variant dirs
// without metadata.json, which kernel-builder skips silently but `kernels` may select (G7).
#include "inspect/tree_loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "core/variant_digest.hpp"
#include "inspect/elf_reader.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorKind::bad_input, p.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool looks_like_variant_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "metadata.json", ec) || parse_variant(dir.filename().string()).has_value();
}

bool has_variant_subdir(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_directory(ec) && looks_like_variant_dir(it->path())) return true;
  return false;
}

class DirSource : public TreeSource {
 public:
  std::string digest(const VariantFacts& v, const std::string& rel, HashAlgorithm a) const override {
    // Hash the page-cache pages in place: a 100 MB .so is not copied through a read buffer.
    MappedFile file(fs::path(v.path) / rel);
    return base64_encode(hash_bytes(file.bytes(), a));
  }
  SoFacts so_facts(const VariantFacts& v, const std::string& rel) const override {
    return read_so_facts(fs::path(v.path) / rel);
  }
};

VariantFacts load_variant(const fs::path& dir) {
  VariantFacts v;
  v.name = dir.filename().string();
  v.path = dir.string();
  v.variant = parse_variant(v.name);
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, ec);
  if (ec) throw Error(ErrorKind::bad_input, dir.string() + ": cannot list variant directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(ErrorKind::bad_input, dir.string() + ": cannot walk: " + ec.message());
    std::string rel = it->path().lexically_relative(dir).generic_string();
    std::error_code sec;
    fs::file_status target = fs::status(it->path(), sec);
    bool dangling = it->is_symlink() && (sec || !fs::exists(target));
    if (!dangling && fs::is_directory(target)) {
      v.dirs.push_back(rel);  // symlinked dirs are listed but not descended (walk doesn't follow)
      continue;
    }
    std::uint64_t size = dangling ? 0 : fs::file_size(it->path(), sec);
    std::string text;
    bool is_py = !dangling && rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".py") == 0;
    if (is_py) text = read_text(it->path());
    add_variant_file(v, rel, size, dangling, is_py ? &text : nullptr);
  }
  std::optional<std::string> meta;
  if (fs::is_regular_file(dir / "metadata.json", ec)) meta = read_text(dir / "metadata.json");
  finish_variant(v, meta);
  return v;
}

}  // namespace

std::optional<fs::path> find_variants_root(const fs::path& dir) {
  for (const fs::path& candidate : {dir / "result", dir / "build", dir}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec) && has_variant_subdir(candidate)) return candidate;
  }
  return std::nullopt;
}

InputKind classify_input(const fs::path& input) {
  std::error_code ec;
  if (!fs::is_directory(input, ec)) {
    std::string ext = input.extension().string();
    return ext == ".whl" || ext == ".zip" ? InputKind::archive : InputKind::so;
  }
  if (looks_like_variant_dir(input)) return InputKind::variant;
  return find_variants_root(input) ? InputKind::tree : InputKind::directory;
}

LoadedTree load_tree_dir(const fs::path& input, InputKind kind) {
  LoadedTree out;
  out.source = std::make_unique<DirSource>();
  TreeFacts& t = out.facts;
  t.path = input.string();
  if (kind == InputKind::variant) {
    t.kind = "variant";
    t.root = input.parent_path().string();
    t.variants.push_back(load_variant(input));
    return out;
  }
  t.kind = "tree";
  fs::path root = find_variants_root(input).value_or(input);
  t.root = root.string();
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_directory(ec) && looks_like_variant_dir(it->path())) dirs.push_back(it->path());
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& d : dirs) t.variants.push_back(load_variant(d));
  return out;
}

}  // namespace kb::inspect
