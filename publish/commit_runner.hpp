// SPDX-License-Identifier: Apache-2.0
// One commit of a plan as a single atomic NDJSON POST with `parentCommit`. The POST is never
// retried blindly: after a lost answer, a 5xx or a 412 the branch head is read back; if our commit
// is there (the tree holds exactly our changes) it counts as done, if the head has not moved the
// same POST is safe to send again (parentCommit makes a duplicate fail with 412), otherwise the
// publish stops with nothing partial committed.
#pragma once
#include <string>

#include "publish/hub_client.hpp"
#include "publish/tree_source.hpp"
#include "publish/upload_plan.hpp"

namespace kb::publish {

struct CommitOutcome {
  std::string oid;
  std::string pull_request_url;
};

// The NDJSON body: header line, then one line per operation.
std::string commit_ndjson(const CommitPlan& c, const UploadPlan& plan, const TreeSource& src, const std::string& parent);

// True when `remote` shows every operation of `c` applied.
bool tree_has_commit(const std::vector<RemoteFile>& remote, const CommitPlan& c, const UploadPlan& plan);

// Posts `c` to `rev` with parentCommit `parent`; see the file comment for the retry rules.
CommitOutcome run_commit(HubClient& hub, const RepoRef& repo, const CommitPlan& c, const UploadPlan& plan,
                         const TreeSource& src, const std::string& rev, const std::string& parent, bool create_pr,
                         const RetryPolicy& retry);

}  // namespace kb::publish
