// SPDX-License-Identifier: Apache-2.0
#include "inspect/checks.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/variant_digest.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/fatbin_reader.hpp"
#include "inspect/library_index.hpp"
#include "inspect/rules/rule.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

void run_so_rules_on(SoFacts& facts, const RuleContext& given, Findings& out) {
  if (given.options.archs_only) return;
  // Decompressing every cubin costs time; only cuda.kernels needs it.
  if (!is_ignored(given.options, "cuda.kernels")) read_cuda_kernels(facts);
  RuleContext ctx = given;
  if (!ctx.libraries) ctx.libraries = library_index_for(ctx.options);
  // A standalone cubin has no host dynamic view: only the device-code rules apply to it.
  const bool device_only = facts.machine == "cuda";
  for (const Rule* rule : all_rules()) {
    if (!rule->check_so || is_ignored(ctx.options, rule->id)) continue;
    if (device_only && std::string(rule->id).rfind("cuda.", 0) != 0) continue;
    rule->check_so(facts, ctx, out);
  }
}

namespace {

std::optional<HashAlgorithm> declared_algorithm(const VariantFacts& v) {
  if (!v.metadata || !v.metadata->metadata.digest) return std::nullopt;
  const std::string& a = v.metadata->metadata.digest->algorithm;
  if (a == "sha256") return HashAlgorithm::sha256;
  if (a == "sha512") return HashAlgorithm::sha512;
  return std::nullopt;  // tree.metadata reports the unknown algorithm
}

}  // namespace

bool is_ignored(const Options& o, const std::string& id) {
  return std::find(o.ignore.begin(), o.ignore.end(), id) != o.ignore.end();
}

std::vector<Finding> check_so_file(const fs::path& path, const std::optional<Variant>& variant,
                                   const Options& options, const PolicyData& data, bool& unreadable,
                                   std::optional<FatbinListing>* cuda) {
  Findings findings;
  SoFacts facts;
  try {
    // Ignoring every cuda.* rule skips reading device code at all: an ELF-only audit of a library
    // with a 100 MB fatbin then stays within tens of MB.
    bool with_cuda = options.archs_only || !(is_ignored(options, "cuda.archs") && is_ignored(options, "cuda.kernels") &&
                                             is_ignored(options, "cuda.fatbin"));
    facts = read_so_facts(path, with_cuda);
  } catch (const Error& e) {
    unreadable = true;
    findings.add(k_input_unreadable, path.string(), "", e.what(), e.hint());
    return findings.items();
  }
  run_so_rules_on(facts, RuleContext{options, data, variant}, findings);
  if (cuda) *cuda = std::move(facts.cuda);
  return findings.items();
}

std::vector<TreeTask> plan_tree_tasks(const TreeFacts& tree) {
  std::vector<TreeTask> tasks;
  for (std::size_t vi = 0; vi < tree.variants.size(); ++vi) {
    const VariantFacts& v = tree.variants[vi];
    std::optional<HashAlgorithm> algo = declared_algorithm(v);
    std::size_t ni = 0;
    for (std::size_t fi = 0; fi < v.files.size(); ++fi) {
      const TreeFile& f = v.files[fi];
      TreeTask t{vi, fi, -1, algo.value_or(HashAlgorithm::sha256), false};
      t.hash = algo && !f.dangling && !is_digest_excluded(f.rel);
      // natives and files are both sorted by rel, so one pass pairs them up.
      if (ni < v.natives.size() && v.natives[ni].rel == f.rel) t.native = static_cast<int>(ni++);
      if (t.hash || t.native >= 0) tasks.push_back(t);
    }
  }
  // Big files first so the last thread to finish is not stuck with one huge .so.
  std::stable_sort(tasks.begin(), tasks.end(), [&](const TreeTask& a, const TreeTask& b) {
    return tree.variants[a.variant].files[a.file].size > tree.variants[b.variant].files[b.file].size;
  });
  return tasks;
}

std::vector<Finding> run_tree_task(LoadedTree& tree, const TreeTask& task, const Options& options,
                                   const PolicyData& data, bool& unreadable) {
  VariantFacts& v = tree.facts.variants[task.variant];
  TreeFile& f = v.files[task.file];
  Findings findings;
  std::string display = v.path + "/" + f.rel;
  try {
    if (task.hash) f.digest = tree.digest(v, f.rel, task.algorithm);
    if (task.native >= 0) {
      SoFacts facts = tree.so_facts(v, f.rel);
      run_so_rules_on(facts, RuleContext{options, data, v.variant}, findings);
      v.natives[static_cast<std::size_t>(task.native)].facts = std::move(facts);
    }
  } catch (const Error& e) {
    unreadable = true;
    findings.add(k_input_unreadable, display, "", e.what(), e.hint());
  }
  return findings.items();
}

std::vector<Finding> check_tree_rules(const TreeFacts& tree, const Options& options, const PolicyData& data) {
  Findings findings;
  if (options.archs_only) return {};
  RuleContext ctx{options, data, std::nullopt};
  for (const Rule* rule : all_rules())
    if (rule->check_tree && !is_ignored(options, rule->id)) rule->check_tree(tree, ctx, findings);
  return findings.items();
}

}  // namespace kb::inspect
