// SPDX-License-Identifier: Apache-2.0
// Remembers the digests of files on disk between publishes, keyed by what stat() says (path,
// size, mtime and ctime in ns, inode) like git's index, so re-publishing an unchanged tree does
// not re-read it. ctime cannot be set back by tools, so a rewritten file always misses.
#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace kb::publish {

struct HashedEntry {
  std::string sha256, git_sha1, sample;
};

// The stat() key of a file, or "" when it cannot be stat'ed.
std::string stat_key(const std::filesystem::path& p);

class HashCache {
 public:
  // `file` empty: a cache that remembers nothing. A missing or corrupt file starts empty.
  explicit HashCache(std::filesystem::path file);
  std::optional<HashedEntry> get(const std::string& key) const;
  void put(const std::string& key, const HashedEntry& e);
  // Writes the entries atomically (this run's first, at most 50000). Failure to write is ignored:
  // the cache only saves time.
  void save() const;

 private:
  std::filesystem::path m_file;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, HashedEntry> m_old, m_new;
};

}  // namespace kb::publish
