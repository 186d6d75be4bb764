// SPDX-License-Identifier: Apache-2.0
// Turns an open kernel tree (core/tree) into the TreeFacts the tree rules read. Loading is cheap
// (listing, metadata, Python text); hashing and ELF reading are left to the driver, which
// spreads them over all cores through a LoadedTree's digest() and so_facts().
#pragma once
#include <memory>
#include <string>

#include "core/digest.hpp"
#include "core/tree/kernel_tree.hpp"
#include "inspect/tree_facts.hpp"

namespace kb::inspect {

// A tree's facts plus the model its bytes are read from. digest() and so_facts() are safe to
// call from several threads.
struct LoadedTree {
  TreeFacts facts;
  std::shared_ptr<const tree::KernelTree> tree;

  // Base64 digest of a variant file. Throws Error(bad_input) naming the file.
  std::string digest(const VariantFacts& v, const std::string& rel, HashAlgorithm a) const;
  // ELF facts of a native file; SoFacts::path is the display path. Throws Error(bad_input).
  SoFacts so_facts(const VariantFacts& v, const std::string& rel) const;
};

// Facts of every variant of `tree`; the target kind is "archive", "variant" or "tree". Refused
// members become no facts here (the driver reports them as tree.layout findings).
LoadedTree load_tree(std::shared_ptr<const tree::KernelTree> tree);

// .so/.pyd/.dylib/.dll files and versioned .so.N: what the ELF rules read.
bool is_native_name(const std::string& rel);

}  // namespace kb::inspect
