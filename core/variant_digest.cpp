// SPDX-License-Identifier: Apache-2.0
#include "core/variant_digest.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb {

bool is_digest_excluded(std::string_view rel) {
  if (rel == "metadata.json" || rel == "metadata.json.sigstore") return true;
  if (rel.size() >= 4 && rel.substr(rel.size() - 4) == ".pyc") return true;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    std::string_view part = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "__pycache__") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

std::vector<std::string> digest_file_list(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
  if (ec) throw Error(ErrorKind::bad_input, dir.string() + ": cannot list directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(ErrorKind::bad_input, dir.string() + ": cannot walk directory: " + ec.message());
    const fs::directory_entry& e = *it;
    if (e.is_directory() && !e.is_symlink()) continue;
    std::string rel = e.path().lexically_relative(dir).generic_string();
    if (e.is_symlink()) {
      std::error_code sec;
      fs::file_status target = fs::status(e.path(), sec);
      if (sec || !fs::exists(target))
        throw Error(ErrorKind::bad_input, e.path().string() + ": dangling symlink in variant directory",
                    "remove it or point it at a file inside the variant");
      if (fs::is_directory(target)) continue;  // symlinked dirs are not descended (walkdir default)
    }
    if (!is_digest_excluded(rel)) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

DigestInfo compute_digest(const fs::path& dir, HashAlgorithm algorithm) {
  DigestInfo d;
  d.algorithm = to_string(algorithm);
  for (const std::string& rel : digest_file_list(dir)) d.files[rel] = base64_encode(hash_file(dir / rel, algorithm));
  return d;
}

}  // namespace kb
