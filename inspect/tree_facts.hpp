// SPDX-License-Identifier: Apache-2.0
// The facts tree rules read about a build tree, a variant directory or an archive of one.
// Built by tree_loader.cpp from the kernel-tree model (core/tree), or by hand in tests. Rules never touch the disk: file lists, metadata text,
// Python sources, recomputed digests and the .so facts are all here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/metadata.hpp"
#include "core/variant.hpp"
#include "inspect/so_facts.hpp"

namespace kb::inspect {

// One file of a variant (regular file or symlink to one), relative to the variant dir.
struct TreeFile {
  std::string rel;              // '/'-separated, e.g. "_relu_cuda_abc1234.abi3.so", "layers/x.py"
  std::uint64_t size = 0;
  bool dangling = false;        // symlink whose target does not exist
  std::string digest;           // recomputed base64 with the declared algorithm; empty: not computed
};

// A Python source of the variant (every *.py), kept as text for the py.* rules.
struct PyFile {
  std::string rel;
  std::string source;
};

// A native extension of the variant and what the ELF reader made of it.
struct NativeFile {
  std::string rel;                   // "_relu_cuda_abc1234.abi3.so"
  std::optional<SoFacts> facts;      // nullopt: unreadable (input.unreadable reports why)
};

struct VariantFacts {
  std::string name;                  // directory name, e.g. "torch212-cxx11-cu130-x86_64-linux"
  std::string path;                  // display path: the dir, or "archive.whl!build/<name>"
  std::optional<Variant> variant;    // parse_variant(name)
  std::vector<TreeFile> files;       // every file, sorted by rel (digest-excluded ones too)
  std::vector<std::string> dirs;     // every subdirectory, relative, sorted
  bool has_metadata = false;         // a metadata.json at the variant root
  std::optional<MetadataParse> metadata;  // parsed when present
  std::vector<PyFile> python;        // every *.py, sorted by rel
  std::vector<NativeFile> natives;   // *.so / *.pyd / *.dylib / *.dll files
  std::string digest_error;          // why the digest could not be recomputed (e.g. dangling link)

  const PyFile* python_file(const std::string& rel) const;
  const TreeFile* file(const std::string& rel) const;
  bool has_dir(const std::string& rel) const;
};

// What an input expanded to. `kind` "variant" holds one variant; "tree" and "archive" hold
// every variant directory found by core/tree's discovery rule (docs/design.md).
struct TreeFacts {
  std::string path;                  // the input as given
  std::string kind;                  // "variant" | "tree" | "archive"
  std::string root;                  // the directory (or archive prefix) holding the variants
  std::vector<VariantFacts> variants;  // sorted by name
  // Other trees inspected in the same run (ops.collision across versions); set by the driver.
  std::vector<const TreeFacts*> peers;
};

}  // namespace kb::inspect
