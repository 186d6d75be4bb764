// SPDX-License-Identifier: Apache-2.0
// One input of `kb package`: any kernel tree core/tree opens (a project dir, its build/ or
// result/, a variant dir, or a .zip/.whl of one: a shard, or an earlier bundle), with what a
// bundle needs on top: every variant named like one and holding a metadata.json object, and
// nothing hostile (refused members and dangling symlinks stop packaging).
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tree/kernel_tree.hpp"
#include "core/variant.hpp"

namespace kb::package {

// A file to package: `rel` is relative to its variant (benchmarks: "benchmarks/...").
using SourceFile = tree::Member;

struct SourceVariant {
  std::string name;
  Variant variant;
  std::filesystem::path location;  // the variant dir, or the archive it was read from
  tree::VariantDir dir;            // as the model read it (for the gate: every file, bytecode too)
  std::vector<SourceFile> files;   // what is packaged: sorted by rel, bytecode left out
  nlohmann::json metadata;         // parsed metadata.json
  std::string init_py;             // __init__.py text (for the card's API section), may be empty
};

struct SourceTree {
  std::filesystem::path path;  // as given
  bool is_zip = false;
  std::vector<SourceVariant> variants;         // sorted by name
  std::vector<SourceFile> benchmarks;          // rel "benchmarks/..."
  std::optional<std::string> card_template;    // CARD.md beside the variants or one level up
  std::vector<std::string> excluded;           // bytecode that was left out
};

// Reads a source. Throws Error(bad_input) naming the offending path for: a missing path, no
// variant, a refused member (hostile name, symlink leaving the tree or to a directory, special
// file, zip symlink/encrypted/duplicate entry), a dangling symlink, a variant whose name is not
// a variant name or without a parseable metadata.json.
SourceTree read_source(const std::filesystem::path& path);

}  // namespace kb::package
