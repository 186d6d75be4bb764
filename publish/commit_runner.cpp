// SPDX-License-Identifier: Apache-2.0
#include "publish/commit_runner.hpp"

#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/digest.hpp"

using nlohmann::json;

namespace kb::publish {

std::string commit_ndjson(const CommitPlan& c, const UploadPlan& plan, const TreeSource& src, const std::string& parent) {
  json header = {{"summary", c.summary}, {"description", ""}};
  if (!parent.empty()) header["parentCommit"] = parent;
  std::string out = json{{"key", "header"}, {"value", header}}.dump() + "\n";
  for (const Operation& op : c.ops) {
    json line;
    if (op.kind == Operation::Kind::remove) {
      line = {{"key", "deletedFile"}, {"value", {{"path", op.path}}}};
    } else if (op.kind == Operation::Kind::add_lfs) {
      const LocalFile& f = plan.files[op.file];
      line = {{"key", "lfsFile"}, {"value", {{"path", op.path}, {"algo", "sha256"}, {"oid", f.sha256}, {"size", f.size}}}};
    } else {
      std::string bytes = src.read_all(plan.files[op.file].source);
      std::string content = base64_encode(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      line = {{"key", "file"}, {"value", {{"content", content}, {"path", op.path}, {"encoding", "base64"}}}};
    }
    out += line.dump() + "\n";
  }
  return out;
}

bool tree_has_commit(const std::vector<RemoteFile>& remote, const CommitPlan& c, const UploadPlan& plan) {
  std::map<std::string, const RemoteFile*> by_path;
  for (const auto& f : remote) by_path[f.path] = &f;
  for (const Operation& op : c.ops) {
    auto it = by_path.find(op.path);
    if (op.kind == Operation::Kind::remove) {
      if (it != by_path.end()) return false;
      continue;
    }
    if (it == by_path.end()) return false;
    const LocalFile& f = plan.files[op.file];
    bool same = op.kind == Operation::Kind::add_lfs ? it->second->lfs_sha256 == f.sha256 : it->second->oid == f.git_sha1;
    if (!same) return false;
  }
  return true;
}

namespace {

CommitOutcome parse_answer(const Response& r) {
  json j = json::parse(r.body, nullptr, false);
  CommitOutcome o;
  if (j.is_object()) {
    o.oid = j.value("commitOid", "");
    o.pull_request_url = j.value("pullRequestUrl", "");
  }
  return o;
}

}  // namespace

CommitOutcome run_commit(HubClient& hub, const RepoRef& repo, const CommitPlan& c, const UploadPlan& plan,
                         const TreeSource& src, const std::string& rev, const std::string& parent, bool create_pr,
                         const RetryPolicy& retry) {
  std::string body = commit_ndjson(c, plan, src, parent);
  std::string what = "commit to " + repo.id + "@" + rev;
  for (int attempt = 0;; ++attempt) {
    Response r = hub.post_commit(repo, rev, body, create_pr);
    if (r.ok()) return parse_answer(r);
    bool unsure = is_retryable(r) || r.status == 412;
    // A PR commit cannot be matched back to its PR after a lost answer: stop rather than open two.
    if (!unsure || create_pr || attempt >= retry.max_retries) throw HubClient::hub_error(what, r);
    auto delay = retry_delay(r, attempt, retry);
    if (retry.sleep) retry.sleep(delay);
    else std::this_thread::sleep_for(delay);
    std::string head = hub.revision_sha(repo, rev);
    if (head == parent) {
      if (r.status == 412) throw HubClient::hub_error(what, r);
      continue;  // it did not land: the same POST (same parentCommit) is safe to send again
    }
    if (tree_has_commit(hub.list_tree(repo, head), c, plan)) return {head, ""};
    throw Error(ErrorKind::network,
                what + ": the branch moved from " + parent.substr(0, 12) + " to " + head.substr(0, 12) +
                    " during the publish (" + HubClient::hub_error(what, r).what() + ")",
                "someone else pushed to the branch; nothing partial was committed, run kb publish again");
  }
}

}  // namespace kb::publish
