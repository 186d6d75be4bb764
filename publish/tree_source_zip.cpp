// SPDX-License-Identifier: Apache-2.0
// A `kb package` bundle read in place with libzip. Variants are the directories holding
// metadata.json, at the same prefix ("", "build/", ...); the card is the bundle's README.md
// (or CARD.md beside the variants).
#include <zip.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "publish/tree_source.hpp"

namespace fs = std::filesystem;

namespace kb::publish {

namespace {

zip_t* open_archive(const fs::path& p) {
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_RDONLY, &err);
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string msg = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorKind::bad_input, p.string() + ": not a readable zip (" + msg + ")",
                "pass a bundle made by kb package, or a build directory");
  }
  return z;
}

// Each reader owns its zip handle: libzip handles are not safe to share across threads.
class ZipEntryReader : public BodyReader {
 public:
  ZipEntryReader(const fs::path& p, zip_uint64_t index, std::uint64_t offset) : m_path(p), m_index(index) {
    m_zip = open_archive(p);
    m_file = zip_fopen_index(m_zip, index, 0);
    if (!m_file) fail("cannot open entry");
    if (offset > 0 && zip_fseek(m_file, static_cast<zip_int64_t>(offset), SEEK_SET) != 0) skip(offset);
  }
  ~ZipEntryReader() override {
    if (m_file) zip_fclose(m_file);
    zip_discard(m_zip);
  }
  std::size_t read(char* buf, std::size_t n) override {
    zip_int64_t k = zip_fread(m_file, buf, n);
    if (k < 0) fail("read failed");
    return static_cast<std::size_t>(k);
  }

 private:
  // Compressed entries cannot seek (libzip < 1.9): inflate and drop the bytes before `offset`.
  void skip(std::uint64_t offset) {
    zip_fclose(m_file);
    m_file = zip_fopen_index(m_zip, m_index, 0);
    std::vector<char> buf(1 << 20);
    while (offset > 0) {
      zip_int64_t k = zip_fread(m_file, buf.data(), std::min<std::uint64_t>(offset, buf.size()));
      if (k <= 0) fail("entry shorter than expected");
      offset -= static_cast<std::uint64_t>(k);
    }
  }
  [[noreturn]] void fail(const char* what) {
    throw Error(ErrorKind::bad_input, m_path.string() + ": zip entry: " + what + " (" + zip_strerror(m_zip) + ")");
  }
  fs::path m_path;
  zip_uint64_t m_index = 0;
  zip_t* m_zip = nullptr;
  zip_file_t* m_file = nullptr;
};

class ZipSource : public TreeSource {
 public:
  fs::path path;
  std::vector<zip_uint64_t> indices;  // zip index per files[i], card last
  std::unique_ptr<BodyReader> open(std::size_t entry, std::uint64_t offset) const override {
    return std::make_unique<ZipEntryReader>(path, indices.at(entry), offset);
  }
};

std::string variants_prefix(const std::map<std::string, std::pair<zip_uint64_t, std::uint64_t>>& names,
                            const fs::path& p) {
  std::set<std::string> prefixes;
  for (const auto& [name, _] : names) {
    if (name.size() < 14 || name.compare(name.size() - 14, 14, "/metadata.json") != 0) continue;
    std::string dir = name.substr(0, name.size() - 14);
    auto slash = dir.rfind('/');
    prefixes.insert(slash == std::string::npos ? "" : dir.substr(0, slash + 1));
  }
  if (prefixes.empty())
    throw Error(ErrorKind::bad_input, p.string() + ": no variant directories (with metadata.json) in the bundle",
                "make the bundle with kb package");
  return *prefixes.begin();  // the shallowest: "" sorts before "build/"
}

}  // namespace

std::unique_ptr<TreeSource> open_zip_source(const fs::path& p) {
  zip_t* z = open_archive(p);
  std::map<std::string, std::pair<zip_uint64_t, std::uint64_t>> names;  // name -> (index, size)
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    std::string name = st.name;
    if (!name.empty() && name.back() != '/') names[name] = {static_cast<zip_uint64_t>(i), st.size};
  }
  zip_discard(z);
  auto src = std::make_unique<ZipSource>();
  src->path = p;
  src->describe = p.string();
  src->inspect_path = p;
  std::string prefix = variants_prefix(names, p);
  std::set<std::string> variants;
  for (const auto& [name, _] : names)
    if (name.rfind(prefix, 0) == 0 && names.count(name.substr(0, name.find('/', prefix.size()) + 1) + "metadata.json"))
      variants.insert(name.substr(prefix.size(), name.find('/', prefix.size()) - prefix.size()));
  src->variants.assign(variants.begin(), variants.end());
  for (const auto& [name, info] : names) {
    std::string rel = name.substr(std::min(prefix.size(), name.size()));
    if (name.rfind(prefix, 0) != 0 || !variants.count(rel.substr(0, rel.find('/'))) || rel.find('/') == std::string::npos)
      continue;
    src->files.push_back({rel, info.second});
    src->indices.push_back(info.first);
  }
  for (const std::string& card : {prefix + "CARD.md", std::string("README.md"), prefix + "README.md"}) {
    auto it = names.find(card);
    if (it == names.end()) continue;
    src->card = SourceEntry{"CARD.md", it->second.second};
    src->indices.push_back(it->second.first);
    break;
  }
  auto toml = names.find("build.toml");
  if (toml != names.end()) {
    ZipEntryReader reader(p, toml->second.first, 0);
    src->build_toml.resize(toml->second.second);
    std::size_t got = 0;
    for (std::size_t k; got < src->build_toml.size() &&
                        (k = reader.read(src->build_toml.data() + got, src->build_toml.size() - got)) > 0;)
      got += k;
  }
  return src;
}

}  // namespace kb::publish
