// SPDX-License-Identifier: Apache-2.0
// Turns an input path into TreeFacts: a variant directory, a build tree (C1 discovery) or an
// archive (.whl/.zip, read with libzip without unpacking). Loading is cheap (listing, metadata,
// Python text); hashing and ELF reading are deferred to a TreeSource so the driver can spread
// them over all cores.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/digest.hpp"
#include "inspect/tree_facts.hpp"

namespace kb::inspect {

// Reads the bytes behind a loaded tree: one call per file, safe to call from several threads.
class TreeSource {
 public:
  virtual ~TreeSource() = default;
  // Base64 digest of a variant file. Throws Error(bad_input) naming the file.
  virtual std::string digest(const VariantFacts& v, const std::string& rel, HashAlgorithm a) const = 0;
  // ELF facts of a native file; SoFacts::path is the display path. Throws Error(bad_input).
  virtual SoFacts so_facts(const VariantFacts& v, const std::string& rel) const = 0;
};

struct LoadedTree {
  TreeFacts facts;
  std::unique_ptr<TreeSource> source;
};

// What an existing input path is. `so` for a single file that is not an archive.
enum class InputKind { so, variant, tree, archive, directory };

// Classifies an input: .whl/.zip files are archives; a directory is a variant when it holds
// metadata.json or has a variant-shaped name, a tree when C1 discovery finds variants under
// it (result/, build/ or itself), otherwise a plain directory of .so files.
InputKind classify_input(const std::filesystem::path& input);

// The directory whose subdirectories are the variants (C1: <dir>/result, <dir>/build, <dir>,
// the first with a subdirectory holding metadata.json or named like a variant); nullopt if none.
std::optional<std::filesystem::path> find_variants_root(const std::filesystem::path& dir);

// Loads a variant directory or a build tree. Throws Error(bad_input) when it cannot be listed.
LoadedTree load_tree_dir(const std::filesystem::path& input, InputKind kind);

// Loads an archive in memory (archive_loader.cpp). Throws Error(bad_input) naming the archive
// when libzip cannot open it; hostile member names (absolute, "..") are skipped and listed in
// the returned problems.
struct LoadedArchive {
  LoadedTree tree;
  std::vector<std::string> unsafe_members;
};
LoadedArchive load_archive(const std::filesystem::path& archive);

// Shared by both loaders: fills a VariantFacts from one file's bytes as they are listed.
bool is_native_name(const std::string& rel);
void add_variant_file(VariantFacts& v, const std::string& rel, std::uint64_t size, bool dangling,
                      const std::string* text);
// Sorts lists, parses metadata.json (given its text when present).
void finish_variant(VariantFacts& v, const std::optional<std::string>& metadata_text);

}  // namespace kb::inspect
