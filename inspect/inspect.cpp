// SPDX-License-Identifier: Apache-2.0
// The inspect driver: expands inputs into targets, reads facts, runs every rule.
#include "inspect/inspect.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

bool is_ignored(const Options& o, const std::string& id) {
  return std::find(o.ignore.begin(), o.ignore.end(), id) != o.ignore.end();
}

bool is_shared_object_name(const fs::path& p) {
  std::string name = p.filename().string();
  return p.extension() == ".so" || name.find(".so.") != std::string::npos;
}

// Every shared object under `dir`, sorted, not following symlinks out of the tree.
std::vector<fs::path> shared_objects_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec) && is_shared_object_name(it->path()) &&
        looks_like_elf(it->path()))
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

std::vector<Finding> check_one_so(const fs::path& path, const Options& options, const PolicyData& data,
                                  bool& unreadable) {
  Findings findings;
  SoFacts facts;
  try {
    facts = read_so_facts(path);
  } catch (const Error& e) {
    unreadable = true;
    findings.add(k_input_unreadable, path.string(), "", e.what(), e.hint());
    return findings.items();
  }
  RuleContext ctx{options, data, variant_of(path)};
  for (const Rule* rule : all_rules()) {
    if (rule->check_so && !is_ignored(options, rule->id)) rule->check_so(facts, ctx, findings);
  }
  return findings.items();
}

}  // namespace

Report inspect(const std::vector<fs::path>& inputs, const Options& options) {
  const PolicyData data = load_policy_data(options);
  Report report;
  struct Job {
    size_t target;
    fs::path so;
  };
  std::vector<Job> jobs;
  for (const fs::path& input : inputs) {
    TargetReport t;
    t.path = input.string();
    std::error_code ec;
    if (!fs::exists(input, ec)) {
      t.kind = "so";
      t.unreadable = true;
      t.findings.push_back({k_input_unreadable.id, Severity::error, input.string(), "",
                            input.string() + ": no such file or directory", "check the path"});
      report.targets.push_back(std::move(t));
      continue;
    }
    if (fs::is_directory(input, ec)) {
      t.kind = parse_variant(input.filename().string()) ? "variant" : "tree";
      for (const fs::path& so : shared_objects_under(input)) jobs.push_back({report.targets.size(), so});
    } else {
      t.kind = "so";
      jobs.push_back({report.targets.size(), input});
    }
    report.targets.push_back(std::move(t));
  }

  // Files are independent: check them on all cores, then merge in input order.
  std::vector<std::vector<Finding>> results(jobs.size());
  std::vector<char> unreadable(jobs.size(), 0);
  std::atomic<size_t> next{0};
  unsigned n_threads = options.jobs > 0 ? unsigned(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  n_threads = std::min<unsigned>(n_threads, std::max<size_t>(1, jobs.size()));
  auto worker = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      bool bad = false;
      results[i] = check_one_so(jobs[i].so, options, data, bad);
      unreadable[i] = bad;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n_threads; ++i) threads.emplace_back(worker);
  worker();
  for (auto& th : threads) th.join();

  for (size_t i = 0; i < jobs.size(); ++i) {
    TargetReport& t = report.targets[jobs[i].target];
    t.findings.insert(t.findings.end(), results[i].begin(), results[i].end());
    t.unreadable = t.unreadable || unreadable[i];
  }
  report.files = static_cast<int>(jobs.size());
  report.sort();
  return report;
}

std::vector<RuleInfo> list_rules() {
  std::vector<RuleInfo> out;
  for (const Rule* r : all_rules()) out.push_back({r->id, to_string(r->severity), r->summary, r->explanation});
  std::sort(out.begin(), out.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return out;
}

}  // namespace kb::inspect
