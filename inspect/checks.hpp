// SPDX-License-Identifier: Apache-2.0
// The units of work the driver spreads over cores: one standalone .so, or one file of a
// loaded tree (hash it for tree.digest, read its ELF facts and run the .so rules on it);
// then the tree rules once per tree.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/finding.hpp"
#include "core/variant.hpp"
#include "inspect/inspect.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/tree_loader.hpp"

namespace kb::inspect {

// Reads one standalone .so and runs every check_so rule. Unreadable: an input.unreadable finding.
// `cuda`, when given, receives the file's device-code listing (for the JSON "cuda" object).
std::vector<Finding> check_so_file(const std::filesystem::path& path, const std::optional<Variant>& variant,
                                   const Options& options, const PolicyData& data, bool& unreadable,
                                   std::optional<FatbinListing>* cuda = nullptr);

// A file of a tree needing work: hashing (the variant declares a digest) and/or ELF reading.
struct TreeTask {
  std::size_t variant = 0;
  std::size_t file = 0;         // index into VariantFacts::files
  int native = -1;              // index into VariantFacts::natives, or -1
  HashAlgorithm algorithm = HashAlgorithm::sha256;
  bool hash = false;
};
std::vector<TreeTask> plan_tree_tasks(const TreeFacts& tree);

// Runs one task, writing the digest / facts into the tree (each task owns distinct slots).
std::vector<Finding> run_tree_task(LoadedTree& tree, const TreeTask& task, const Options& options,
                                   const PolicyData& data, bool& unreadable);

// Runs every check_tree rule on a fully loaded tree.
std::vector<Finding> check_tree_rules(const TreeFacts& tree, const Options& options, const PolicyData& data);

bool is_ignored(const Options& options, const std::string& rule_id);

class Findings;
struct RuleContext;
// Every check_so rule not ignored (device-code rules only on a standalone cubin); reads kernel
// names first when cuda.kernels runs and the facts name a file on disk.
void run_so_rules_on(SoFacts& facts, const RuleContext& ctx, Findings& out);

}  // namespace kb::inspect
