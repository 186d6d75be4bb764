// SPDX-License-Identifier: Apache-2.0
// Kernel trees in a .zip/.whl, read in place with libzip (nothing is unpacked, so a hostile
// member name can do no harm). Every member name is checked before it is used; symlink,
// encrypted and duplicate members are refused too. An archive that wraps one top-level
// directory (`zip -r relu.zip relu`) is read as that directory.
#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/tree/discovery.hpp"
#include "core/tree/member_name.hpp"

namespace fs = std::filesystem;

namespace kb::tree::detail {

namespace {

class ZipListing : public Listing {
 public:
  void add(const std::string& name) {
    std::string file = name;
    if (!file.empty() && file.back() == '/') file.pop_back();
    else m_files.insert(file);
    for (size_t s = file.find('/'); s != std::string::npos; s = file.find('/', s + 1)) add_dir(file.substr(0, s));
    if (name.back() == '/') add_dir(file);
  }
  std::vector<std::string> subdirs(const std::string& dir) const override {
    auto it = m_children.find(dir);
    return it == m_children.end() ? std::vector<std::string>() : std::vector<std::string>(it->second.begin(), it->second.end());
  }
  bool has_file(const std::string& rel) const override { return m_files.count(rel) > 0; }
  bool has_top_file() const {
    for (const std::string& f : m_files)
      if (f.find('/') == std::string::npos) return true;
    return false;
  }

 private:
  void add_dir(const std::string& dir) {
    size_t slash = dir.rfind('/');
    m_children[slash == std::string::npos ? "" : dir.substr(0, slash)].insert(dir.substr(slash + 1));
  }
  std::set<std::string> m_files;
  std::map<std::string, std::set<std::string>> m_children;
};

// The safe, readable members; every other one goes to `refused`.
std::vector<const ZipArchive::Entry*> screen(const ZipArchive& zip, std::vector<Refusal>& refused) {
  std::vector<const ZipArchive::Entry*> out;
  std::set<std::string> seen;
  for (const ZipArchive::Entry& e : zip.entries()) {
    std::string name = e.is_dir() ? e.name.substr(0, e.name.size() - 1) : e.name;
    std::optional<std::string> why = unsafe_member_reason(name);
    if (!why && e.is_symlink()) why = "symlink entry";
    if (!why && e.encrypted) why = "encrypted entry";
    if (!why && !seen.insert(e.name).second) why = "appears twice";
    if (why) refused.push_back({zip.path().string() + "!" + e.name, e.name, *why});
    else out.push_back(&e);
  }
  return out;
}

std::string with_slash(const std::string& dir) { return dir.empty() ? dir : dir + "/"; }

Member member_of(const std::shared_ptr<const ZipArchive>& zip, const ZipArchive::Entry& e, std::string rel) {
  return Member{std::move(rel), e.size, false, zip->path().string() + "!" + e.name, {}, zip, e.index};
}

// Sorts one safe member into the variant, benchmarks, root or container lists.
struct Placer {
  KernelTree& t;
  const Discovery& d;
  const std::shared_ptr<const ZipArchive>& zip;
  std::map<std::string, VariantDir*> by_name;

  void place(const ZipArchive::Entry& e) {
    const std::string root = with_slash(d.root);
    if (d.has_container && e.name.rfind(with_slash(d.container), 0) == 0 &&
        e.name.find('/', with_slash(d.container).size()) == std::string::npos && !e.is_dir())
      t.container_files.push_back(member_of(zip, e, e.name.substr(with_slash(d.container).size())));
    if (e.name.rfind(root, 0) != 0 || e.name.size() == root.size()) return;
    std::string rest = e.name.substr(root.size());
    if (d.kind == TreeKind::variant) return add(t.variants.front(), e, rest);
    size_t slash = rest.find('/');
    std::string top = rest.substr(0, slash);
    if (slash == std::string::npos) {
      t.root_files.push_back(member_of(zip, e, rest));
    } else if (by_name.count(top)) {
      add(*by_name[top], e, rest.substr(slash + 1));
    } else if (top == "benchmarks") {
      if (!e.is_dir()) t.benchmarks.push_back(member_of(zip, e, rest));
    } else if (!is_bytecode(top) && (t.other_dirs.empty() || t.other_dirs.back() != top)) {
      t.other_dirs.push_back(top);
    }
  }

  void add(VariantDir& v, const ZipArchive::Entry& e, const std::string& rel) {
    if (rel.empty()) return;
    std::string file = e.is_dir() ? rel.substr(0, rel.size() - 1) : rel;
    for (size_t s = file.find('/'); s != std::string::npos; s = file.find('/', s + 1)) v.dirs.push_back(file.substr(0, s));
    if (e.is_dir()) {
      v.dirs.push_back(file);
      return;
    }
    v.files.push_back(member_of(zip, e, file));
  }
};

}  // namespace

KernelTree open_archive_tree(const fs::path& input) {
  auto zip = std::make_shared<const ZipArchive>(input);
  KernelTree t;
  t.input = input;
  t.is_archive = true;
  std::vector<const ZipArchive::Entry*> safe = screen(*zip, t.refused);
  ZipListing listing;
  for (const ZipArchive::Entry* e : safe) listing.add(e->name);
  for (const ZipArchive::Entry* e : safe)
    if (!e->is_dir()) t.members.push_back(member_of(zip, *e, e->name));
  std::vector<std::string> tops = listing.subdirs("");
  const bool wrapped = tops.size() == 1 && !listing.has_top_file();
  Discovery d = discover(listing, wrapped ? tops[0] : "", wrapped ? tops[0] : "");
  t.kind = d.kind;
  t.root_display = input.string() + "!" + with_slash(d.root);
  if (d.kind == TreeKind::none) return t;
  if (d.kind == TreeKind::variant) {
    VariantDir v;
    v.name = d.root.empty() ? input.stem().string() : d.root.substr(d.root.rfind('/') + 1);
    v.display = t.root_display;
    t.variants.push_back(std::move(v));
  } else {
    for (const std::string& name : d.variants) t.variants.push_back(VariantDir{name, {}, t.root_display + name, {}, {}, {}, {}, {}});
  }
  Placer placer{t, d, zip, {}};
  for (VariantDir& v : t.variants) placer.by_name[v.name] = &v;
  for (const ZipArchive::Entry* e : safe) placer.place(*e);
  std::sort(t.other_dirs.begin(), t.other_dirs.end());
  t.other_dirs.erase(std::unique(t.other_dirs.begin(), t.other_dirs.end()), t.other_dirs.end());
  for (VariantDir& v : t.variants) {
    std::sort(v.files.begin(), v.files.end(), [](const Member& a, const Member& b) { return a.rel < b.rel; });
    if (const Member* meta = v.find("metadata.json")) v.metadata_text = meta->read_text();
    finish_variant(v);
  }
  return t;
}

}  // namespace kb::tree::detail
