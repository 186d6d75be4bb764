// SPDX-License-Identifier: Apache-2.0
// From the kernel-tree model to rule facts. Files on disk are read through the page cache
// (a 100 MB .so is mapped, not copied); archive members are parsed where they lie in memory.
#include "inspect/tree_loader.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "inspect/elf_reader.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

VariantFacts variant_facts(const tree::VariantDir& d) {
  VariantFacts v;
  v.name = d.name;
  v.path = d.display;
  v.variant = d.variant;
  v.dirs = d.dirs;
  v.has_metadata = d.metadata_text.has_value();
  v.metadata = d.metadata;
  for (const tree::Member& m : d.files) {
    v.files.push_back({m.rel, m.size, m.dangling, {}});
    if (m.dangling) continue;
    if (ends_with(m.rel, ".py")) v.python.push_back({m.rel, m.read_text()});
    if (is_native_name(m.rel)) v.natives.push_back({m.rel, std::nullopt});
  }
  return v;
}

const tree::Member& member_of(const tree::KernelTree& t, const VariantFacts& v, const std::string& rel) {
  for (const tree::VariantDir& d : t.variants)
    if (d.name == v.name)
      if (const tree::Member* m = d.find(rel)) return *m;
  throw Error(ErrorKind::bad_input, v.path + "/" + rel + ": not in the tree");
}

}  // namespace

bool is_native_name(const std::string& rel) {
  // .so/.pyd are what `kernels` imports; .dylib/.dll are tvm-ffi builds for macOS/Windows.
  std::string name = rel.substr(rel.rfind('/') + 1);
  for (const std::string e : {".so", ".pyd", ".dylib", ".dll"})
    if (name.size() > e.size() && ends_with(name, e)) return true;
  return name.find(".so.") != std::string::npos;
}

std::string LoadedTree::digest(const VariantFacts& v, const std::string& rel, HashAlgorithm a) const {
  const tree::Member& m = member_of(*tree, v, rel);
  if (m.zip) {
    Hasher h(a);
    auto s = m.open();
    std::vector<char> buf(1 << 20);
    for (std::size_t n; (n = s->read(buf.data(), buf.size())) > 0;) h.update(buf.data(), n);
    return base64_encode(h.finish());
  }
  MappedFile file(m.file);
  return base64_encode(hash_bytes(file.bytes(), a));
}

SoFacts LoadedTree::so_facts(const VariantFacts& v, const std::string& rel) const {
  const tree::Member& m = member_of(*tree, v, rel);
  if (!m.zip) {
    SoFacts facts = read_so_facts(m.file);
    facts.path = m.where;
    return facts;
  }
  std::string data = tree::read_stream(*m.open());
  return read_so_facts_from_memory(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(), m.where);
}

LoadedTree load_tree(std::shared_ptr<const tree::KernelTree> t) {
  LoadedTree out;
  TreeFacts& f = out.facts;
  f.path = t->input.string();
  f.kind = t->is_archive ? "archive" : t->kind == tree::TreeKind::variant ? "variant" : "tree";
  f.root = t->kind == tree::TreeKind::variant && !t->is_archive ? t->input.parent_path().string() : t->root_display;
  for (const tree::VariantDir& d : t->variants) f.variants.push_back(variant_facts(d));
  out.tree = std::move(t);
  return out;
}

}  // namespace kb::inspect
