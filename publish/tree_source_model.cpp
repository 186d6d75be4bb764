// SPDX-License-Identifier: Apache-2.0
// The publish view of a kernel tree: every variant file (bytecode left out: the Hub loader never
// reads it), the card, and the kernel's build.toml for the default repo id.
#include "core/error.hpp"
#include "core/tree/member_name.hpp"
#include "publish/tree_source.hpp"

namespace fs = std::filesystem;

namespace kb::publish {

namespace {

class StreamReader : public BodyReader {
 public:
  explicit StreamReader(std::unique_ptr<tree::ByteStream> s) : m_stream(std::move(s)) {}
  std::size_t read(char* buf, std::size_t n) override { return m_stream->read(buf, n); }

 private:
  std::unique_ptr<tree::ByteStream> m_stream;
};

class ModelSource : public TreeSource {
 public:
  std::vector<const tree::Member*> members;  // per files[i], the card last
  std::unique_ptr<BodyReader> open(std::size_t entry, std::uint64_t offset) const override {
    return std::make_unique<StreamReader>(members.at(entry)->open(offset));
  }
  std::string cache_key(std::size_t entry) const override {
    const tree::Member* m = members.at(entry);
    return m->zip ? std::string() : stat_key(m->file);
  }
};

const tree::Member* first_of(std::initializer_list<const tree::Member*> candidates) {
  for (const tree::Member* m : candidates)
    if (m) return m;
  return nullptr;
}

}  // namespace

std::unique_ptr<TreeSource> open_tree_source(const fs::path& input) {
  auto t = std::make_shared<const tree::KernelTree>(tree::open_kernel_tree(input));
  tree::require_shippable(*t);
  if (t->variants.empty())
    throw Error(ErrorKind::bad_input, input.string() + ": no variant directories",
                "run kb build first, or point kb publish at the kernel dir, its build/ or a kb package bundle");
  auto src = std::make_unique<ModelSource>();
  src->describe = input.string();
  src->tree = t;
  for (const tree::VariantDir& v : t->variants) {
    if (!v.metadata_text)
      throw Error(ErrorKind::bad_input, v.display + "/metadata.json: missing", "kb build writes it; rebuild the variant");
    src->variants.push_back(v.name);
    for (const tree::Member& m : v.files) {
      if (tree::is_bytecode(m.rel) || m.dangling) continue;
      src->files.push_back({v.name + "/" + m.rel, m.size});
      src->members.push_back(&m);
    }
  }
  if (const tree::Member* card = first_of({t->root_file("CARD.md"), t->root_file("README.md"), t->container_file("README.md")})) {
    src->card = SourceEntry{"CARD.md", card->size};
    src->members.push_back(card);
  }
  if (const tree::Member* toml = first_of({t->container_file("build.toml"), t->root_file("build.toml")}))
    src->build_toml = toml->read_text();
  return src;
}

}  // namespace kb::publish
