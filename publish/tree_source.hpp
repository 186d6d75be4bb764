// SPDX-License-Identifier: Apache-2.0
// Where the files of a publish come from: any kernel tree core/tree opens (a project dir, its
// build/ or result/, a variant dir, or a `kb package` bundle read in place, never unpacked).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tree/kernel_tree.hpp"
#include "publish/hash_cache.hpp"
#include "publish/http_transport.hpp"

namespace kb::publish {

struct SourceEntry {
  std::string rel;  // "<variant>/<path inside the variant>", '/'-separated; the card: "CARD.md"
  std::uint64_t size = 0;
};

class TreeSource {
 public:
  virtual ~TreeSource() = default;
  // Variant directory names (sorted) and every file under them, sorted by rel.
  std::vector<std::string> variants;
  std::vector<SourceEntry> files;
  std::optional<SourceEntry> card;  // CARD.md of the variants dir, or the bundle's README.md
  std::string build_toml;           // text of the kernel's build.toml, when present
  std::shared_ptr<const tree::KernelTree> tree;  // what the conformance gate inspects
  std::string describe;             // the input as the user named it, for messages

  // Reads `entry` from byte `offset`; the card is opened with entry == card_index().
  virtual std::unique_ptr<BodyReader> open(std::size_t entry, std::uint64_t offset) const = 0;
  std::size_t card_index() const { return files.size(); }
  const SourceEntry& entry(std::size_t i) const { return i == files.size() ? *card : files[i]; }
  // A key for HashCache (stat-based), or "" when the entry's digests must not be cached.
  virtual std::string cache_key(std::size_t entry) const { return ""; }
  // The whole entry in memory (regular files, metadata.json). Throws Error(bad_input).
  std::string read_all(std::size_t entry) const;
};

// Opens a kernel tree. Throws Error(bad_input) naming the input when it has no variant, a variant
// has no metadata.json, or a member is refused (hostile name, symlink leaving the tree, ...):
// such trees are never published, whatever --allow-nonconformant says.
std::unique_ptr<TreeSource> open_tree_source(const std::filesystem::path& input);

// Hashes every entry (and the card, last) in parallel: sha256, 512-byte sample, and the git blob
// sha1 for files under 10 MiB (larger ones are always LFS on the Hub). Entries `cache` knows are
// not read again; new digests are added to it.
std::vector<HashedEntry> hash_entries(const TreeSource& src, int jobs, HashCache& cache);

}  // namespace kb::publish
