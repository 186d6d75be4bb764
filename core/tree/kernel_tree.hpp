// SPDX-License-Identifier: Apache-2.0
// kb::tree — the one model of a kernel tree that inspect, package and publish read: a project
// dir, a build dir (`build/`, `result/`), one variant dir, or a `.zip`/`.whl` of any of these,
// found by one discovery rule (docs/design.md, "Kernel trees"):
//   1. a directory holding `metadata.json`, or named like a variant, is one variant;
//   2. an archive whose members all lie under one top-level directory is read as that directory;
//   3. otherwise the variants root is the first of `result/`, `build/` and the input itself that
//      has a variant subdirectory (one holding `metadata.json` or named like a variant).
// Hostile member names (absolute, `..`, backslash, control characters), zip symlinks and
// symlinks leaving the tree are listed in `refused` and are never read.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metadata.hpp"
#include "core/tree/byte_stream.hpp"
#include "core/variant.hpp"

namespace kb::tree {

// One file of a tree: a regular file (or a symlink to one inside the tree) or a zip member.
struct Member {
  std::string rel;        // '/'-separated, relative to its variant (or to the variants root)
  std::uint64_t size = 0;
  bool dangling = false;  // a symlink whose target is missing: listed, never read
  std::string where;      // for messages and reports: "<dir>/x.so" or "<archive>!build/v/x.so"
  std::filesystem::path file;               // on disk (a symlink's target), or
  std::shared_ptr<const ZipArchive> zip;    // in this archive, at `index`
  std::uint64_t index = 0;

  // Streams the bytes from `offset`. Throws Error(bad_input) naming `where`.
  std::unique_ptr<ByteStream> open(std::uint64_t offset = 0) const;
  // The whole member; Error(bad_input) above `limit` bytes (text files only).
  std::string read_text(std::uint64_t limit = 16u << 20) const;
};

struct VariantDir {
  std::string name;                 // directory name, e.g. "torch212-cxx11-cu130-x86_64-linux"
  std::optional<Variant> variant;   // parse_variant(name)
  std::string display;              // "<dir>" or "<archive>!<prefix><name>"
  std::filesystem::path dir;        // on disk; empty inside an archive
  std::vector<Member> files;        // every file, sorted by rel (bytecode too)
  std::vector<std::string> dirs;    // every subdirectory, relative, sorted
  std::optional<std::string> metadata_text;  // metadata.json at the variant root
  std::optional<MetadataParse> metadata;     // metadata_text parsed leniently

  const Member* find(const std::string& rel) const;
};

// A member no reader may touch, and why.
struct Refusal {
  std::string where;   // "<archive>!../x" or the path on disk
  std::string name;    // the member name as stored
  std::string reason;  // "'..' component escapes the tree", "symlink entry", ...
};

enum class TreeKind {
  variant,  // the input is one variant
  tree,     // the input holds variants under `root`
  none,     // no variant: a plain directory, or an archive that is not a kernel tree
};

struct KernelTree {
  std::filesystem::path input;        // as given
  bool is_archive = false;
  TreeKind kind = TreeKind::none;
  std::string root_display;           // the variants root: a dir, or "<archive>!<prefix>"
  std::vector<VariantDir> variants;   // sorted by name
  std::vector<Member> root_files;     // plain files in the variants root (CARD.md, README.md)
  std::vector<std::string> other_dirs;  // directories in the variants root that are no variant
  // Plain files of the directory holding a `build/` or `result/` root (build.toml, README.md,
  // a bundle's kb-manifest.json); empty when the root is the input itself.
  std::vector<Member> container_files;
  std::vector<Member> benchmarks;     // "benchmarks/..." beside the variants, or beside their root
  std::vector<Member> members;        // archives: every safe member, rel = its full name
  std::vector<Refusal> refused;       // hostile members, never read

  const Member* root_file(const std::string& name) const;
  const Member* container_file(const std::string& name) const;
};

// Opens `input` (a directory, or a file ending in .zip/.whl) by the rule above. Throws
// Error(bad_input) naming the input when it is missing, unlistable or not a readable zip.
KernelTree open_kernel_tree(const std::filesystem::path& input);

// True when `input` would be opened as an archive (.zip/.whl).
bool is_archive_name(const std::filesystem::path& input);

// For producers of a bundle or a Hub repo: throws Error(bad_input) naming the first refused
// member or dangling symlink (whatever --allow-nonconformant says: these are never shipped).
void require_shippable(const KernelTree& tree);

}  // namespace kb::tree
