// SPDX-License-Identifier: Apache-2.0
// One input of `kb package`: a build tree on disk (build/ with variant dirs, a project dir holding
// build/, or a single variant dir) or a zip of one (a shard, or an earlier bundle). Reading a
// source lists its files and refuses hostile content (paths leaving the tree) by name.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/variant.hpp"
#include "package/byte_stream.hpp"

namespace kb::package {

// Where one file's bytes are: a path on disk, or an entry of a source zip.
struct FileOrigin {
  std::filesystem::path file;            // set for directory sources
  std::shared_ptr<const ZipReader> zip;  // set for zip sources
  std::uint64_t index = 0;
  std::string describe() const;          // "<dir>/x.so" or "<zip>: build/v/x.so"
  std::unique_ptr<ByteStream> open() const;
};

struct SourceFile {
  std::string path;  // relative to its variant (or to the source root for extras), '/'-separated
  std::uint64_t size = 0;
  FileOrigin origin;
};

struct SourceVariant {
  std::string name;
  Variant variant;
  std::filesystem::path location;  // the variant dir, or the zip for zip sources (for inspect)
  std::vector<SourceFile> files;   // sorted by path; bytecode left out
  nlohmann::json metadata;         // parsed metadata.json
  std::string init_py;             // __init__.py text (for the card's API section), may be empty
};

struct SourceTree {
  std::filesystem::path path;  // as given
  bool is_zip = false;
  std::vector<SourceVariant> variants;         // sorted by name
  std::vector<SourceFile> benchmarks;          // paths relative to the tree root ("benchmarks/...")
  std::optional<std::string> card_template;    // CARD.md next to the variants or one level up
  std::vector<std::string> excluded;           // bytecode that was left out
};

// Reads a source. Throws Error(bad_input) naming the offending path for: a missing path, a symlink
// that leaves the tree or dangles, a special file, an unsafe or symlink zip entry, a directory
// that is neither a variant nor benchmarks/, a variant without a parseable metadata.json.
SourceTree read_source(const std::filesystem::path& path);

}  // namespace kb::package
