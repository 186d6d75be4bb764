// SPDX-License-Identifier: Apache-2.0
#include "publish/upload_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace kb::publish {

const char* to_string(UploadMode m) { return m == UploadMode::lfs ? "lfs" : "regular"; }

std::uint64_t UploadPlan::lfs_bytes() const {
  std::uint64_t n = 0;
  for (std::size_t i : lfs_uploads) n += files[i].size;
  return n;
}

std::size_t UploadPlan::operation_count() const {
  std::size_t n = 0;
  for (const auto& c : commits) n += c.ops.size();
  return n;
}

std::vector<std::string> stale_deletions(const std::vector<std::string>& local_paths,
                                         const std::vector<std::string>& variants,
                                         const std::vector<RemoteFile>& remote, bool branch_is_new) {
  std::set<std::string> keep(local_paths.begin(), local_paths.end());
  std::vector<std::string> out;
  for (const RemoteFile& f : remote) {
    if (keep.count(f.path) || f.path.rfind("build/", 0) != 0) continue;
    bool in_uploaded_variant = std::any_of(variants.begin(), variants.end(), [&](const std::string& v) {
      return f.path.rfind("build/" + v + "/", 0) == 0;
    });
    if (branch_is_new || in_uploaded_variant) out.push_back(f.path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::string& local_oid(const LocalFile& f, UploadMode mode) {
  return mode == UploadMode::lfs ? f.sha256 : f.git_sha1;
}

std::vector<CommitPlan> chunk_commits(const std::string& branch, std::vector<Operation> ops, std::size_t max_ops) {
  std::stable_partition(ops.begin(), ops.end(), [](const Operation& o) { return o.kind == Operation::Kind::remove; });
  std::vector<CommitPlan> out;
  if (ops.empty()) return out;
  std::size_t n = (ops.size() + max_ops - 1) / max_ops;
  for (std::size_t i = 0; i < n; ++i) {
    CommitPlan c;
    c.branch = branch;
    c.summary = n == 1 ? "Uploaded using `kb`." : "Uploaded using `kb` (batch " + std::to_string(i + 1) + "/" +
                                                      std::to_string(n) + ").";
    auto first = ops.begin() + static_cast<std::ptrdiff_t>(i * max_ops);
    auto last = ops.begin() + static_cast<std::ptrdiff_t>(std::min(ops.size(), (i + 1) * max_ops));
    c.ops.assign(first, last);
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Adds of one branch after dedup; records unchanged/ignored paths and LFS uploads.
std::vector<Operation> branch_adds(UploadPlan& plan, const BranchState& b) {
  std::map<std::string, const PreuploadAnswer*> answers;
  for (const auto& a : b.answers) answers[a.path] = &a;
  std::vector<Operation> ops;
  for (std::size_t i = 0; i < plan.files.size(); ++i) {
    const LocalFile& f = plan.files[i];
    if (f.branch != b.branch) continue;
    auto it = answers.find(f.path);
    // No answer (a dry run against a repo that does not exist yet): the Hub's known policy.
    bool binary = f.sample.find('\0') != std::string::npos;
    UploadMode guess = f.size >= (10u << 20) || binary ? UploadMode::lfs : UploadMode::regular;
    UploadMode mode = it == answers.end() ? guess : it->second->mode;
    if (f.size == 0) mode = UploadMode::regular;  // object storage cannot hold empty objects
    if (it != answers.end() && it->second->should_ignore) {
      plan.ignored.push_back(f.path);
      continue;
    }
    if (it != answers.end() && !it->second->oid.empty() && it->second->oid == local_oid(f, mode)) {
      plan.unchanged.push_back(f.path);
      continue;
    }
    ops.push_back({mode == UploadMode::lfs ? Operation::Kind::add_lfs : Operation::Kind::add_regular, f.path, i});
    if (mode == UploadMode::lfs) plan.lfs_uploads.push_back(i);
  }
  return ops;
}

}  // namespace

UploadPlan make_plan(std::vector<LocalFile> files, const std::vector<BranchState>& branches,
                     const std::vector<std::string>& variants, std::size_t max_ops) {
  UploadPlan plan;
  plan.files = std::move(files);
  std::vector<const BranchState*> order;
  for (const auto& b : branches) order.push_back(&b);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->branch < b->branch; });
  for (const BranchState* b : order) {
    std::vector<Operation> ops = branch_adds(plan, *b);
    std::vector<std::string> local;
    for (const auto& f : plan.files)
      if (f.branch == b->branch) local.push_back(f.path);
    bool is_variant_branch = std::any_of(local.begin(), local.end(),
                                         [](const std::string& p) { return p.rfind("build/", 0) == 0; });
    if (is_variant_branch)
      for (auto& path : stale_deletions(local, variants, b->files, b->is_new))
        ops.push_back({Operation::Kind::remove, path, 0});
    for (auto& c : chunk_commits(b->branch, std::move(ops), max_ops)) plan.commits.push_back(std::move(c));
  }
  return plan;
}

std::vector<std::pair<std::size_t, std::size_t>> batches(std::size_t n, std::size_t per_call) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < n; i += per_call) out.emplace_back(i, std::min(n, i + per_call));
  return out;
}

}  // namespace kb::publish
