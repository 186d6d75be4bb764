// SPDX-License-Identifier: Apache-2.0
// From the kernel-tree model to package sources: the shipping checks the model leaves to
// producers (docs/design.md, "Kernel trees").
#include "package/source_tree.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/tree/member_name.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

SourceVariant make_variant(const tree::KernelTree& t, const tree::VariantDir& d, std::vector<std::string>& excluded) {
  SourceVariant v;
  v.name = d.name;
  if (!d.variant)
    throw Error(ErrorKind::bad_input, d.display + ": \"" + d.name + "\" is not a variant name",
                "variant directories are named like torch212-cxx11-cu130-x86_64-linux or torch-cpu");
  v.variant = *d.variant;
  v.location = t.is_archive ? t.input : d.dir;
  v.dir = d;
  for (const tree::Member& m : d.files) {
    if (tree::is_bytecode(m.rel)) excluded.push_back(d.name + "/" + m.rel);
    else v.files.push_back(m);
  }
  const std::string where = d.display + "/metadata.json";
  if (!d.metadata_text)
    throw Error(ErrorKind::bad_input, where + ": missing",
                "every variant needs metadata.json with name, version and license (kb build writes it)");
  try {
    v.metadata = nlohmann::json::parse(*d.metadata_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorKind::bad_input, where + ": not valid JSON: " + e.what());
  }
  if (!v.metadata.is_object()) throw Error(ErrorKind::bad_input, where + ": not a JSON object");
  if (const tree::Member* init = d.find("__init__.py")) v.init_py = init->read_text();
  return v;
}

}  // namespace

SourceTree read_source(const fs::path& path) {
  tree::KernelTree t = tree::open_kernel_tree(path);
  tree::require_shippable(t);
  if (t.variants.empty())
    throw Error(ErrorKind::bad_input, path.string() + ": no variant directories",
                "run kb build first, or pass its build/ directory or a bundle zip");
  SourceTree s;
  s.path = path;
  s.is_zip = t.is_archive;
  for (const tree::VariantDir& d : t.variants) s.variants.push_back(make_variant(t, d, s.excluded));
  for (const tree::Member& m : t.benchmarks)
    if (!tree::is_bytecode(m.rel)) s.benchmarks.push_back(m);
  for (const tree::Member* card : {t.root_file("CARD.md"), t.container_file("CARD.md")})
    if (card) {
      s.card_template = card->read_text();
      break;
    }
  return s;
}

}  // namespace kb::package
