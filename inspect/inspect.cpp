// SPDX-License-Identifier: Apache-2.0
// The inspect driver: expands inputs into targets (kernel trees and, under --profile wheel,
// Python wheels, both opened by core/tree), spreads the per-file work over all cores
// (checks.cpp), runs the tree and wheel rules, merges findings in input order.
#include "inspect/inspect_trees.hpp"

#include "inspect/report_formats.hpp"

#include <algorithm>
#include <memory>

#include "core/error.hpp"
#include "inspect/checks.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/fatbin_json.hpp"
#include "inspect/parallel.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/tree_loader.hpp"
#include "inspect/wheel_check.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

// Every ELF file under `dir` (shared objects, executables, standalone cubins), chosen by its
// magic bytes rather than its name: wheels ship tools without a suffix and cubins as *.cubin
// or *.bin. Sorted, not following symlinks out of the tree.
std::vector<fs::path> elf_files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec) && looks_like_loadable_elf(it->path()))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The variant a .so belongs to, from the nearest parent directory with a variant name.
std::optional<Variant> variant_of(const fs::path& so) {
  for (fs::path p = so.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) {
    if (auto v = parse_variant(p.filename().string())) return v;
  }
  return std::nullopt;
}

// One unit of parallel work: a standalone .so, a task on a loaded tree, or a wheel member.
struct Job {
  std::size_t target;
  fs::path so;                 // standalone .so
  LoadedTree* tree = nullptr;  // else: a tree task
  TreeTask task;
  WheelRun* wheel = nullptr;   // else: candidate `member` of a wheel
  std::size_t member = 0;
};

struct Expansion {
  std::vector<Job> jobs;
  std::vector<std::unique_ptr<LoadedTree>> trees;  // kept alive for the run
  std::vector<std::size_t> tree_targets;            // target index of each tree
  std::vector<std::unique_ptr<WheelRun>> wheels;
  std::vector<std::size_t> wheel_targets;
};

void add_wheel(Expansion& ex, std::size_t target, const fs::path& whl, const Options& options) {
  ex.wheels.push_back(plan_wheel(whl, options));
  ex.wheel_targets.push_back(target);
  WheelRun* w = ex.wheels.back().get();
  for (std::size_t i = 0; i < w->candidates.size(); ++i) ex.jobs.push_back({target, {}, nullptr, {}, w, i});
}

// --profile wheel: a .whl is one target; a directory holding wheels gives one target per wheel.
bool expand_wheels(const fs::path& input, Report& report, Expansion& ex, const Options& options) {
  std::error_code ec;
  std::vector<fs::path> wheels;
  if (fs::is_directory(input, ec)) wheels = wheels_under(input);
  else if (input.extension() == ".whl") wheels.push_back(input);
  for (const fs::path& whl : wheels) {
    TargetReport t;
    t.path = whl.string();
    t.kind = "wheel";
    const std::size_t target = report.targets.size();
    try {
      add_wheel(ex, target, whl, options);
    } catch (const Error& e) {
      t.unreadable = true;
      t.findings.push_back({k_input_unreadable.id, Severity::error, whl.string(), "", e.what(), e.hint()});
    }
    report.targets.push_back(std::move(t));
  }
  return !wheels.empty();
}

void add_tree(Expansion& ex, TargetReport& t, std::size_t target, LoadedTree loaded, bool skip_hashing) {
  ex.trees.push_back(std::make_unique<LoadedTree>(std::move(loaded)));
  ex.tree_targets.push_back(target);
  LoadedTree* tree = ex.trees.back().get();
  t.kind = tree->facts.kind;
  t.extra["_tree_rules"] = true;
  for (TreeTask task : plan_tree_tasks(tree->facts)) {
    // An ignored tree.digest reads nothing: hashing is the only whole-file pass (kb package
    // ignores it and checks the digest on the bytes it streams into the archive instead).
    if (skip_hashing) task.hash = false;
    if (task.hash || task.native >= 0) ex.jobs.push_back({target, {}, tree, task});
  }
}

// Hostile members were never read; they are errors of the tree (the Hub has no such paths).
void add_refusals(TargetReport& t, const tree::KernelTree& kt) {
  const std::string what = kt.is_archive ? "archive" : "tree";
  for (const tree::Refusal& r : kt.refused)
    t.findings.push_back({"tree.layout", Severity::error, r.where, r.name,
                          "unsafe " + what + " member \"" + r.name + "\": " + r.reason + "; not read",
                          "rebuild the tree with kb build / kb package"});
}

void expand_tree(const std::shared_ptr<const tree::KernelTree>& kt, TargetReport& t, std::size_t target, Expansion& ex,
                 bool skip_hashing) {
  add_refusals(t, *kt);
  add_tree(ex, t, target, load_tree(kt), skip_hashing);
}

void expand_input(const fs::path& input, Report& report, Expansion& ex, bool skip_hashing, const Options& options,
                  const std::string& profile) {
  if (profile == "wheel" && fs::exists(input) && expand_wheels(input, report, ex, options)) return;
  TargetReport t;
  t.path = input.string();
  const std::size_t target = report.targets.size();
  std::error_code ec;
  try {
    if (!fs::exists(input, ec))
      throw Error(ErrorKind::bad_input, input.string() + ": no such file or directory", "check the path");
    if (!fs::is_directory(input, ec) && !tree::is_archive_name(input)) {
      t.kind = "so";
      ex.jobs.push_back({target, input, nullptr, {}});
    } else if (auto kt = std::make_shared<const tree::KernelTree>(tree::open_kernel_tree(input));
               kt->kind == tree::TreeKind::none && !kt->is_archive) {
      t.kind = "tree";  // no variant: a plain directory of ELF files
      for (const fs::path& so : elf_files_under(input)) ex.jobs.push_back({target, so, nullptr, {}});
    } else {
      expand_tree(kt, t, target, ex, skip_hashing);
    }
  } catch (const Error& e) {
    if (t.kind.empty()) t.kind = "so";
    t.unreadable = true;
    t.findings.push_back({k_input_unreadable.id, Severity::error, input.string(), "", e.what(), e.hint()});
  }
  report.targets.push_back(std::move(t));
}

void add_cuda(TargetReport& t, const fs::path& so, const FatbinListing& listing) {
  t.cuda.push_back(cuda_listing(so.string(), listing));
}

bool skips_hashing(const Options& options) {
  return std::find(options.ignore.begin(), options.ignore.end(), "tree.digest") != options.ignore.end();
}

Report run(Report report, Expansion& ex, const Options& options, const PolicyData& data) {
  std::vector<std::vector<Finding>> results(ex.jobs.size());
  std::vector<char> unreadable(ex.jobs.size(), 0);
  std::vector<std::optional<FatbinListing>> cuda(ex.jobs.size());
  run_parallel(ex.jobs.size(), options.jobs, [&](std::size_t i) {
    bool bad = false;
    const Job& j = ex.jobs[i];
    if (j.wheel) run_member(*j.wheel, j.member, bad);
    else if (j.tree) results[i] = run_tree_task(*j.tree, j.task, options, data, bad);
    else results[i] = check_so_file(j.so, variant_of(j.so), options, data, bad, &cuda[i]);
    unreadable[i] = bad;
  });
  for (std::size_t i = 0; i < ex.jobs.size(); ++i) {
    TargetReport& t = report.targets[ex.jobs[i].target];
    t.findings.insert(t.findings.end(), results[i].begin(), results[i].end());
    t.unreadable = t.unreadable || unreadable[i];
    if (cuda[i]) add_cuda(t, ex.jobs[i].so, *cuda[i]);
    const Job& j = ex.jobs[i];
    if (j.wheel) continue;  // finish() lists the ELF members
    if (!j.tree) {
      t.extra["_checked"].push_back(j.so.string());
    } else if (j.task.native >= 0) {
      const VariantFacts& v = j.tree->facts.variants[j.task.variant];
      t.extra["_checked"].push_back(v.path + "/" + v.files[j.task.file].rel);
    }
  }
  for (TargetReport& t : report.targets)
    if (t.extra.contains("_checked")) std::sort(t.extra["_checked"].begin(), t.extra["_checked"].end());
  report.files = 0;
  for (const Job& j : ex.jobs) report.files += !j.wheel;
  if (!ex.wheels.empty()) {
    const std::vector<ManylinuxPolicy> policies = all_manylinux_policies();
    for (auto& w : ex.wheels) assemble(*w, policies);
    for (auto& w : ex.wheels)
      for (auto& other : ex.wheels)
        if (other != w) w->facts.peers.push_back(&other->facts);
    for (std::size_t k = 0; k < ex.wheels.size(); ++k) {
      finish(*ex.wheels[k], report.targets[ex.wheel_targets[k]]);
      report.files += static_cast<int>(ex.wheels[k]->facts.elf.size());
    }
  }

  // Tree rules see every other tree of the run (ops.collision across versions).
  for (auto& tree : ex.trees)
    for (auto& other : ex.trees)
      if (other != tree) tree->facts.peers.push_back(&other->facts);
  for (std::size_t k = 0; k < ex.trees.size(); ++k) {
    for (const VariantFacts& v : ex.trees[k]->facts.variants)
      for (const NativeFile& n : v.natives)
        if (n.facts && n.facts->cuda)
          add_cuda(report.targets[ex.tree_targets[k]], v.path + "/" + n.rel, *n.facts->cuda);
    std::vector<Finding> found = check_tree_rules(ex.trees[k]->facts, options, data);
    TargetReport& t = report.targets[ex.tree_targets[k]];
    t.findings.insert(t.findings.end(), found.begin(), found.end());
  }
  report.sort();
  return report;
}

}  // namespace

Report inspect(const std::vector<fs::path>& inputs, const Options& options) { return inspect(inputs, options, "hub"); }

Report inspect(const std::vector<fs::path>& inputs, const Options& options, const std::string& profile) {
  if (profile != "hub" && profile != "wheel")
    throw Error(ErrorKind::usage, "--profile: unknown profile \"" + profile + "\"", "expected hub or wheel");
  const PolicyData data = load_policy_data(options);
  Report report;
  Expansion ex;
  for (const fs::path& input : inputs) expand_input(input, report, ex, skips_hashing(options), options, profile);
  return run(std::move(report), ex, options, data);
}

Report inspect_trees(const std::vector<std::shared_ptr<const tree::KernelTree>>& trees, const Options& options) {
  const PolicyData data = load_policy_data(options);
  Report report;
  Expansion ex;
  for (const auto& kt : trees) {
    TargetReport t;
    t.path = kt->input.string();
    expand_tree(kt, t, report.targets.size(), ex, skips_hashing(options));
    report.targets.push_back(std::move(t));
  }
  return run(std::move(report), ex, options, data);
}

std::vector<RuleInfo> list_rules() {
  std::vector<RuleInfo> out;
  for (const Rule* r : all_rules()) out.push_back({r->id, to_string(r->severity), r->summary, r->explanation});
  std::sort(out.begin(), out.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return out;
}

}  // namespace kb::inspect
