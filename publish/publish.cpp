// SPDX-License-Identifier: Apache-2.0
// The publish driver: a list of passes (gate, hash, remote state, plan, upload, commit).
#include "publish/publish.hpp"

#include <map>
#include <set>

#include "core/error.hpp"
#include "inspect/inspect_trees.hpp"
#include "publish/commit_runner.hpp"
#include "publish/lfs_uploader.hpp"
#include "publish/target_defaults.hpp"
#include "publish/tree_source.hpp"

namespace kb::publish {

namespace {

void note(const Options& o, const std::string& s) {
  if (o.on_note) o.on_note(s);
}

void gate(const TreeSource& src, const Options& o) {
  Report report = kb::inspect::inspect_trees({src.tree}, o.inspect);
  int errors = report.count(Severity::error);
  if (errors == 0 && !report.any_unreadable()) return;
  std::string what = std::to_string(errors) + " error finding(s)" + (report.any_unreadable() ? " and unreadable files" : "");
  if (o.allow_nonconformant) {
    note(o, "publishing despite " + what + " (--allow-nonconformant)");
    return;
  }
  throw Error(ErrorKind::nonconformant, src.describe + ": " + what + "; not publishing",
              "run `kb inspect " + src.describe + "` for details; --allow-nonconformant overrides");
}

std::vector<LocalFile> local_files(const TreeSource& src, const std::vector<HashedEntry>& hashes, const std::string& branch) {
  std::vector<LocalFile> out;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    bool card = i == src.card_index();
    const HashedEntry& h = hashes[i];
    out.push_back({card ? "README.md" : "build/" + src.entry(i).rel, card ? "main" : branch, src.entry(i).size,
                   h.sha256, h.git_sha1, h.sample, i});
  }
  return out;
}

struct RemoteHeads {
  std::map<std::string, std::string> heads;  // branch -> head commit
  std::set<std::string> created;
};

RemoteHeads prepare_branches(HubClient& hub, const RepoRef& repo, const Options& o, const std::set<std::string>& branches) {
  RemoteHeads r;
  if (!o.create_pr && !o.dry_run) hub.create_repo(repo, o.is_private);
  std::vector<BranchRef> refs;
  try {
    refs = hub.list_branches(repo);
  } catch (const Error&) {
    if (!o.dry_run) throw;  // a dry run of a repo that does not exist yet: everything is new
  }
  for (const auto& b : refs) r.heads[b.name] = b.target_commit;
  for (const std::string& b : branches) {
    if (r.heads.count(b)) continue;
    if (o.create_pr)
      throw Error(ErrorKind::usage, repo.id + ": branch " + b + " does not exist; a pull request needs an existing branch",
                  "ask a maintainer of " + repo.id + " to create " + b + ", or publish without --create-pr");
    r.created.insert(b);
    if (o.dry_run) continue;
    note(o, "creating branch " + b);
    hub.create_branch(repo, b);
  }
  if (!r.created.empty() && !o.dry_run)
    for (const auto& b : hub.list_branches(repo)) r.heads[b.name] = b.target_commit;
  return r;
}

BranchState branch_state(HubClient& hub, const RepoRef& repo, const Options& o, const UploadPlan& files,
                         const std::string& branch, const RemoteHeads& heads) {
  BranchState s;
  s.branch = branch;
  s.is_new = heads.created.count(branch) > 0;
  // A dry run reads a branch it would create from main, which the new branch would fork from.
  std::string rev = heads.heads.count(branch) ? branch : (heads.heads.count("main") ? "main" : "");
  if (rev.empty()) return s;
  s.files = hub.list_tree(repo, rev);
  std::vector<const LocalFile*> mine;
  for (const auto& f : files.files)
    if (f.branch == branch) mine.push_back(&f);
  for (auto [from, to] : batches(mine.size())) {
    std::vector<const LocalFile*> slice(mine.begin() + from, mine.begin() + to);
    for (auto& a : hub.preupload(repo, rev, slice, o.create_pr)) s.answers.push_back(std::move(a));
  }
  return s;
}

}  // namespace

Result publish(const Options& o, HttpTransport& transport) {
  auto src = open_tree_source(o.input);
  Target target = resolve_target(*src, {o.repo_id, o.branch});
  RepoRef repo{o.repo_type, target.repo_id};
  std::string endpoint = checked_endpoint(o.endpoint, !o.token.empty());
  gate(*src, o);
  note(o, "hashing " + std::to_string(src->files.size() + (src->card ? 1 : 0)) + " files");
  UploadPlan scratch;
  HashCache cache(o.hash_cache);
  scratch.files = local_files(*src, hash_entries(*src, o.jobs, cache), target.branch);
  cache.save();
  HubClient hub(transport, endpoint, o.token, o.retry);
  std::set<std::string> branches;
  for (const auto& f : scratch.files) branches.insert(f.branch);
  RemoteHeads heads = prepare_branches(hub, repo, o, branches);
  std::vector<BranchState> states;
  for (const std::string& b : branches) states.push_back(branch_state(hub, repo, o, scratch, b, heads));

  Result res;
  res.repo_id = repo.id;
  res.branch = target.branch;
  res.repo_type = repo.type;
  res.url = endpoint + "/" + repo.url_prefix() + repo.id + "/tree/" + target.branch;
  res.plan = make_plan(std::move(scratch.files), states, src->variants);
  for (const auto& c : res.plan.commits)
    for (const auto& op : c.ops) (op.kind == Operation::Kind::remove ? res.files_deleted : res.files_uploaded)++;
  if (o.dry_run) {
    res.status = "dry_run";
    return res;
  }
  if (res.plan.commits.empty()) {
    res.status = "no_changes";
    return res;
  }
  note(o, "uploading " + std::to_string(res.plan.lfs_uploads.size()) + " LFS file(s)");
  std::optional<std::string> ref;
  if (!o.create_pr) ref = target.branch;
  res.bytes_uploaded = upload_lfs_objects(hub, repo, res.plan, *src, ref, o.jobs, o.on_progress).bytes;
  std::map<std::string, std::string> pr_rev;  // branch -> refs/pr/N once its PR exists
  for (const CommitPlan& c : res.plan.commits) {
    bool first_pr_commit = o.create_pr && !pr_rev.count(c.branch);
    std::string rev = pr_rev.count(c.branch) ? pr_rev[c.branch] : c.branch;
    note(o, "committing " + std::to_string(c.ops.size()) + " operation(s) to " + c.branch);
    CommitOutcome out = run_commit(hub, repo, c, res.plan, *src, rev, heads.heads[c.branch], first_pr_commit, o.retry);
    heads.heads[c.branch] = out.oid;
    res.commits.push_back(out.oid);
    if (!out.pull_request_url.empty()) {
      pr_rev[c.branch] = "refs/pr/" + out.pull_request_url.substr(out.pull_request_url.rfind('/') + 1);
      res.pull_requests.push_back({c.branch, out.pull_request_url});
    }
  }
  res.status = o.create_pr ? "pull_request_created" : "uploaded";
  return res;
}

}  // namespace kb::publish
