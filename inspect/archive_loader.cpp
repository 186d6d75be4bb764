// SPDX-License-Identifier: Apache-2.0
// .whl/.zip inputs read with libzip, never unpacked to disk (a hostile member name can then do
// no harm). The variants root is found as C1 does on disk: the archive prefixes `result/`,
// `build/` and the archive root, else the shortest prefix holding <variant>/metadata.json.
// libzip handles are not thread-safe, so each TreeSource call opens its own.
#include <algorithm>
#include <map>

#include <zip.h>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/tree_loader.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

ZipPtr open_zip(const fs::path& p) {
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_RDONLY, &err);
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorKind::bad_input, p.string() + ": cannot open archive: " + why,
                "pass a .whl/.zip written by kb package, or the unpacked directory");
  }
  return ZipPtr(z);
}

std::string read_member(zip_t* z, const std::string& name, const fs::path& archive) {
  zip_stat_t st;
  zip_file_t* f = nullptr;
  if (zip_stat(z, name.c_str(), 0, &st) != 0 || !(f = zip_fopen(z, name.c_str(), 0)))
    throw Error(ErrorKind::bad_input, archive.string() + "!" + name + ": cannot read archive member");
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t n = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    throw Error(ErrorKind::bad_input, archive.string() + "!" + name + ": truncated or corrupt archive member");
  return out;
}

bool is_unsafe_name(const std::string& n) {
  if (n.empty() || n[0] == '/' || n.find('\\') != std::string::npos) return true;
  return n == ".." || n.rfind("../", 0) == 0 || n.find("/../") != std::string::npos ||
         (n.size() >= 3 && n.compare(n.size() - 3, 3, "/..") == 0);
}

class ArchiveSource : public TreeSource {
 public:
  // `root` is the member prefix of the variants; `single` when the archive is one variant.
  ArchiveSource(fs::path archive, std::string root, bool single)
      : m_archive(std::move(archive)), m_root(std::move(root)), m_single(single) {}
  std::string digest(const VariantFacts& v, const std::string& rel, HashAlgorithm a) const override {
    return base64_encode(hash_bytes(bytes(v, rel), a));
  }
  // Archive members are parsed where they lie in memory: nothing of the archive touches disk.
  SoFacts so_facts(const VariantFacts& v, const std::string& rel) const override {
    std::string data = bytes(v, rel);
    return read_so_facts_from_memory(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                                     v.path + "/" + rel);
  }

 private:
  std::string bytes(const VariantFacts& v, const std::string& rel) const {
    ZipPtr z = open_zip(m_archive);
    return read_member(z.get(), m_single ? rel : m_root + v.name + "/" + rel, m_archive);
  }
  fs::path m_archive;
  std::string m_root;
  bool m_single;
};

// The prefix ("", "build/", "x/result/") whose children are the variants.
std::optional<std::string> pick_root(const std::vector<std::string>& names) {
  std::vector<std::string> roots;
  for (const std::string& n : names) {
    const std::string tail = "/metadata.json";
    if (n.size() <= tail.size() || n.compare(n.size() - tail.size(), tail.size(), tail) != 0) continue;
    std::string variant_dir = n.substr(0, n.size() - tail.size());
    size_t slash = variant_dir.rfind('/');
    roots.push_back(slash == std::string::npos ? "" : variant_dir.substr(0, slash + 1));
  }
  if (roots.empty()) return std::nullopt;
  for (const char* preferred : {"result/", "build/", ""})
    if (std::find(roots.begin(), roots.end(), preferred) != roots.end()) return std::string(preferred);
  return *std::min_element(roots.begin(), roots.end(),
                           [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
}

}  // namespace

LoadedArchive load_archive(const fs::path& archive) {
  ZipPtr z = open_zip(archive);
  LoadedArchive out;
  std::vector<std::string> names;
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (!name) continue;
    if (is_unsafe_name(name)) out.unsafe_members.push_back(name);
    else names.push_back(name);
  }
  bool variant_at_top = std::find(names.begin(), names.end(), "metadata.json") != names.end();
  std::optional<std::string> root = variant_at_top ? std::nullopt : pick_root(names);
  TreeFacts& t = out.tree.facts;
  t.path = archive.string();
  t.kind = "archive";
  t.root = archive.string() + "!" + root.value_or("");
  std::map<std::string, VariantFacts> variants;
  std::map<std::string, std::string> metadata;
  const std::string prefix = root.value_or("");
  for (const std::string& name : names) {
    if (!variant_at_top && (!root || name.compare(0, prefix.size(), prefix) != 0)) continue;
    std::string rest = name.substr(prefix.size());
    std::string vname = variant_at_top ? archive.stem().string() : rest.substr(0, rest.find('/'));
    std::string rel = variant_at_top ? rest : (rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1));
    if (vname.empty() || rel.empty()) continue;
    VariantFacts& v = variants[vname];
    v.name = vname;
    v.path = t.root + (variant_at_top ? "" : vname);
    if (rel.back() == '/') {
      v.dirs.push_back(rel.substr(0, rel.size() - 1));
      continue;
    }
    for (size_t s = rel.find('/'); s != std::string::npos; s = rel.find('/', s + 1)) v.dirs.push_back(rel.substr(0, s));
    bool is_py = rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".py") == 0;
    std::string text = is_py || rel == "metadata.json" ? read_member(z.get(), name, archive) : std::string();
    zip_stat_t st;
    zip_stat(z.get(), name.c_str(), 0, &st);
    add_variant_file(v, rel, st.size, false, is_py ? &text : nullptr);
    if (rel == "metadata.json") metadata[vname] = text;
  }
  for (auto& [vname, v] : variants) {
    v.variant = parse_variant(vname);
    auto m = metadata.find(vname);
    if (!variant_at_top && m == metadata.end() && !v.variant) continue;  // not a variant (e.g. a README dir)
    finish_variant(v, m == metadata.end() ? std::nullopt : std::optional<std::string>(m->second));
    t.variants.push_back(std::move(v));
  }
  out.tree.source = std::make_unique<ArchiveSource>(archive, prefix, variant_at_top);
  return out;
}

}  // namespace kb::inspect
