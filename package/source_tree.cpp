// SPDX-License-Identifier: Apache-2.0
// What every source kind shares: file origins, and turning collected files into variants.
#include "package/source_tree.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "package/source_internal.hpp"

namespace fs = std::filesystem;

namespace kb::package {

std::string FileOrigin::describe() const {
  if (zip) return zip->path().string() + ": " + zip->entries().at(index).name;
  return file.string();
}

std::unique_ptr<ByteStream> FileOrigin::open() const {
  if (zip) return zip->open(index);
  return open_file_stream(file);
}

namespace {

// Small text files only (metadata.json, __init__.py, CARD.md): refuse anything huge by name.
std::string read_small(const SourceFile& f) {
  constexpr std::uint64_t k_limit = 16u << 20;
  if (f.size > k_limit)
    throw Error(ErrorKind::bad_input, f.origin.describe() + ": " + std::to_string(f.size) + " bytes, too large for a text file");
  auto s = f.origin.open();
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = s->read(buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

const SourceFile* find_file(const std::vector<SourceFile>& files, const std::string& path) {
  for (const SourceFile& f : files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

std::string read_text(const SourceFile& f) { return read_small(f); }

SourceVariant make_variant(const std::string& name, fs::path location, std::vector<SourceFile> files) {
  SourceVariant v;
  v.name = name;
  v.variant = *parse_variant(name);
  v.location = std::move(location);
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  v.files = std::move(files);
  const SourceFile* meta = find_file(v.files, "metadata.json");
  std::string where = v.location.string() + (v.location.extension() == ".zip" ? ": " + name : "") + "/metadata.json";
  if (!meta)
    throw Error(ErrorKind::bad_input, where + ": missing",
                "every variant needs metadata.json with name, version and license (kb build writes it)");
  try {
    v.metadata = nlohmann::json::parse(read_small(*meta));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorKind::bad_input, where + ": not valid JSON: " + e.what());
  }
  if (!v.metadata.is_object()) throw Error(ErrorKind::bad_input, where + ": not a JSON object");
  if (const SourceFile* init = find_file(v.files, "__init__.py")) v.init_py = read_small(*init);
  return v;
}

SourceTree read_source(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec)))
    throw Error(ErrorKind::bad_input, path.string() + ": no such file or directory", "pass build trees or bundle zips");
  if (fs::is_directory(path, ec)) return read_directory_source(path);
  return read_zip_source(path);
}

}  // namespace kb::package
