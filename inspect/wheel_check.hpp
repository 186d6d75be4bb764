// SPDX-License-Identifier: Apache-2.0
// Internal: `kb inspect --profile wheel` on one .whl. The claims in the file name set the per-file
// rule options (abi.manylinux runs with the claimed policy, abi.python with the abi3 floor;
// elf.needed gives way to wheel.deps and the Hub tree rules do not apply), every ELF member is read
// in parallel (run_member), then the wheel rules and the summary run once (finish). The wheel is
// opened as a kernel tree (core/tree): a wheel that is no kernel tree keeps every safe member in
// KernelTree::members, and its hostile members are refused by the same check as a tree's.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/finding.hpp"
#include "core/tree/kernel_tree.hpp"
#include "inspect/inspect.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

struct WheelRun {
  std::filesystem::path path;
  std::shared_ptr<const tree::KernelTree> tree;
  std::vector<const tree::Member*> candidates;  // members big enough to be ELF, biggest first
  Options options;  // the per-file options the claims imply
  PolicyData data;
  std::vector<std::optional<WheelMember>> members;  // per candidate: set when it is ELF
  std::vector<std::vector<Finding>> findings;       // per candidate
  WheelFacts facts;
};

// Throws Error(bad_input) naming the wheel when it cannot be listed.
std::unique_ptr<WheelRun> plan_wheel(const std::filesystem::path& wheel, const Options& options);

// Reads candidate `i` and runs the per-file rules on it (thread-safe across distinct `i`).
void run_member(WheelRun& run, std::size_t i, bool& unreadable);

// Assembles WheelRun::facts from the members (call for every wheel before finish, so peers see
// each other's namespaces).
void assemble(WheelRun& run, const std::vector<ManylinuxPolicy>& all_policies);

// Wheel rules and the "wheel" summary; appends to `target`.
void finish(WheelRun& run, TargetReport& target);

// Every *.whl under `dir`, sorted.
std::vector<std::filesystem::path> wheels_under(const std::filesystem::path& dir);

}  // namespace kb::inspect
