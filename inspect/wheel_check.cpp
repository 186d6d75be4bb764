// SPDX-License-Identifier: Apache-2.0
#include "inspect/wheel_check.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "inspect/checks.hpp"
#include "inspect/fatbin_json.hpp"
#include "inspect/member_elf.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/wheel_rule.hpp"
#include "inspect/wheel_summary.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

void ignore(Options& o, const char* id) {
  if (!is_ignored(o, id)) o.ignore.push_back(id);
}

// The per-file options a wheel's own claims imply: its manylinux tag becomes the policy (checked,
// not trusted), its abi3 floor the Python ceiling. Without a manylinux claim the given --policy
// stays; without abi3 the extension may use the full C API, so abi.python does not apply.
Options options_for(const WheelFacts& w, const Options& given) {
  Options o = given;
  ignore(o, "elf.needed");  // wheel.deps decides, with the wheel's own libraries and Torch's wheels
  if (!w.tags) return o;
  for (const std::string& tag : w.tags->platform)
    if (auto claim = manylinux_claim(tag); claim && claim->arch == "x86_64") o.policy = claim->policy;
  if (auto floor = abi3_floor(*w.tags)) o.python_abi = *floor;
  else ignore(o, "abi.python");
  return o;
}

}  // namespace

std::unique_ptr<WheelRun> plan_wheel(const fs::path& wheel, const Options& options) {
  auto run = std::make_unique<WheelRun>();
  run->path = wheel;
  run->tree = std::make_shared<const tree::KernelTree>(tree::open_kernel_tree(wheel));
  for (const tree::Member& m : run->tree->members) {
    run->facts.members.push_back(m.rel);
    if (m.size >= 64) run->candidates.push_back(&m);
  }
  std::sort(run->facts.members.begin(), run->facts.members.end());
  // Big members first, so the last thread is not left with one huge .so.
  std::stable_sort(run->candidates.begin(), run->candidates.end(),
                   [](const tree::Member* a, const tree::Member* b) { return a->size > b->size; });
  run->facts.path = wheel.string();
  run->facts.tags = parse_wheel_name(wheel.filename().string());
  run->options = options_for(run->facts, options);
  run->data = load_policy_data(run->options);
  run->members.resize(run->candidates.size());
  run->findings.resize(run->candidates.size());
  return run;
}

void run_member(WheelRun& run, std::size_t i, bool& unreadable) {
  const tree::Member& c = *run.candidates[i];
  Findings out;
  try {
    const bool with_cuda = !(is_ignored(run.options, "cuda.archs") && is_ignored(run.options, "cuda.kernels") &&
                             is_ignored(run.options, "cuda.fatbin"));
    std::optional<SoFacts> facts = read_member_elf(c, with_cuda, !is_ignored(run.options, "cuda.kernels"));
    if (!facts) return;
    run_so_rules_on(*facts, RuleContext{run.options, run.data, std::nullopt}, out);
    run.members[i] = WheelMember{c.rel, std::move(facts), {}, {}};
  } catch (const Error& e) {
    unreadable = true;
    out.add(k_input_unreadable, c.where, "", e.what(), e.hint());
    run.members[i] = WheelMember{c.rel, std::nullopt, {}, {}};
  }
  run.findings[i] = std::move(out.items());
}

void assemble(WheelRun& run, const std::vector<ManylinuxPolicy>& all_policies) {
  for (auto& m : run.members)
    if (m) {
      find_min_policy(all_policies, *m);
      run.facts.elf.push_back(std::move(*m));
    }
  std::sort(run.facts.elf.begin(), run.facts.elf.end(),
            [](const WheelMember& a, const WheelMember& b) { return a.rel < b.rel; });
}

void finish(WheelRun& run, TargetReport& t) {
  t.kind = "wheel";
  for (const tree::Refusal& r : run.tree->refused)
    t.findings.push_back({"tree.layout", Severity::error, r.where, r.name,
                          "unsafe wheel member \"" + r.name + "\": " + r.reason + "; not read", "rebuild the wheel"});
  for (auto& f : run.findings) t.findings.insert(t.findings.end(), f.begin(), f.end());
  Findings out;
  RuleContext ctx{run.options, run.data, std::nullopt};
  for (const WheelRule& rule : wheel_rules())
    if (!is_ignored(run.options, rule.rule->id)) rule.check(run.facts, ctx, out);
  t.findings.insert(t.findings.end(), out.items().begin(), out.items().end());
  for (const WheelMember& m : run.facts.elf) {
    if (!m.facts) continue;
    t.extra["_checked"].push_back(m.facts->path);
    // Standalone cubins are summarised per wheel (a wheel may hold thousands of them).
    if (m.facts->cuda && m.facts->machine != "cuda") t.cuda.push_back(cuda_listing(m.facts->path, *m.facts->cuda));
  }
  t.extra["wheel"] = wheel_summary(run.facts, t.findings, run.data);
}

std::vector<fs::path> wheels_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".whl") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kb::inspect
