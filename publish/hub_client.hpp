// SPDX-License-Identifier: Apache-2.0
// The Hub API calls of a non-Xet upload (docs/publish.md, "The requests of one upload"), over HttpTransport.
// Every failure becomes Error(network) carrying the server's message, X-Error-Code and request id;
// the token goes only to API URLs of the endpoint, never to upload URLs.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "publish/http_transport.hpp"
#include "publish/retry.hpp"
#include "publish/upload_plan.hpp"

namespace kb::publish {

enum class RepoType { model, kernel };

struct RepoRef {
  RepoType type = RepoType::kernel;
  std::string id;  // owner/name
  std::string api_segment() const { return type == RepoType::kernel ? "kernels" : "models"; }
  std::string url_prefix() const { return type == RepoType::kernel ? "kernels/" : ""; }
};

struct BranchRef {
  std::string name;
  std::string target_commit;
};

// One object of an LFS batch answer. No `upload` href: the storage has it already.
struct LfsAction {
  std::string oid;
  std::uint64_t size = 0;
  std::string upload_href;
  std::string verify_href;
  std::uint64_t chunk_size = 0;          // > 0: multipart
  std::vector<std::string> part_hrefs;   // multipart part URLs, part 1 first
};

struct CommitAnswer {
  std::string commit_oid;
  std::string commit_url;
  std::string pull_request_url;
};

class HubClient {
 public:
  HubClient(HttpTransport& transport, std::string endpoint, std::string token, RetryPolicy retry);

  const std::string& endpoint() const { return m_endpoint; }
  nlohmann::json whoami();
  // exist_ok: a 409 is fine. 401/403 are explained through whoami.
  void create_repo(const RepoRef& repo, bool is_private);
  std::vector<BranchRef> list_branches(const RepoRef& repo);
  void create_branch(const RepoRef& repo, const std::string& branch);
  // Recursive listing of a revision (files only); empty when the revision does not exist.
  std::vector<RemoteFile> list_tree(const RepoRef& repo, const std::string& rev);
  // Head commit of a revision.
  std::string revision_sha(const RepoRef& repo, const std::string& rev);
  std::vector<PreuploadAnswer> preupload(const RepoRef& repo, const std::string& rev,
                                         const std::vector<const LocalFile*>& files, bool create_pr);
  std::vector<LfsAction> lfs_batch(const RepoRef& repo, const std::vector<const LocalFile*>& files,
                                   const std::optional<std::string>& ref);
  // Uploads one object's bytes (single PUT or multipart parts + completion) and verifies it.
  // `make_body(offset, size)` yields a streamed body for a slice. Returns the bytes sent.
  using SliceBody = std::function<Body(std::uint64_t offset, std::uint64_t size)>;
  std::uint64_t upload_single(const LfsAction& a, const SliceBody& make_body,
                              const std::function<void(std::uint64_t)>& progress);
  std::string upload_part(const LfsAction& a, std::size_t part, const SliceBody& make_body,
                          const std::function<void(std::uint64_t)>& progress);  // returns the ETag
  void complete_multipart(const LfsAction& a, const std::vector<std::string>& etags);
  void verify(const LfsAction& a);
  // One attempt of the commit POST (never retried here: see commit_runner).
  Response post_commit(const RepoRef& repo, const std::string& rev, const std::string& ndjson, bool create_pr);

  // Error(network) for a failed response: "<what>: HTTP 404 RepoNotFound: <message> (request id ...)".
  static Error hub_error(const std::string& what, const Response& r);
  // Adds Authorization (same-origin API URLs only) and User-Agent.
  Request api_request(std::string method, std::string url) const;

 private:
  Response call(Request req, const std::string& what, bool retry = true);
  [[noreturn]] void fail(const std::string& what, const Response& r);
  std::string api(const RepoRef& repo) const;

  HttpTransport& m_transport;
  std::string m_endpoint;
  std::string m_token;
  RetryPolicy m_retry;
};

// Percent-encodes with no safe characters (a revision path segment: refs/pr/1 -> refs%2Fpr%2F1).
std::string encode_segment(const std::string& s);

}  // namespace kb::publish
