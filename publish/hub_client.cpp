// SPDX-License-Identifier: Apache-2.0
#include "publish/hub_client.hpp"

#include <curl/curl.h>

#include "core/digest.hpp"
#include "core/version.hpp"

using nlohmann::json;

namespace kb::publish {

std::string encode_segment(const std::string& s) {
  char* e = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : s;
  curl_free(e);
  return out;
}

HubClient::HubClient(HttpTransport& transport, std::string endpoint, std::string token, RetryPolicy retry)
    : m_transport(transport), m_endpoint(std::move(endpoint)), m_token(std::move(token)), m_retry(std::move(retry)) {
  while (!m_endpoint.empty() && m_endpoint.back() == '/') m_endpoint.pop_back();
}

std::string HubClient::api(const RepoRef& repo) const {
  return m_endpoint + "/api/" + repo.api_segment() + "/" + repo.id;
}

Request HubClient::api_request(std::string method, std::string url) const {
  Request r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers.emplace_back("User-Agent", "kb/" + kb_version().version);
  // Credentials only to the endpoint itself: never to pre-signed storage URLs or other hosts.
  if (!m_token.empty() && r.url.rfind(m_endpoint + "/", 0) == 0)
    r.headers.emplace_back("Authorization", "Bearer " + m_token);
  return r;
}

Error HubClient::hub_error(const std::string& what, const Response& r) {
  if (r.status == 0) return Error(ErrorKind::network, what + ": " + r.transport_error, "check the network and HF_ENDPOINT; retrying may help");
  std::string msg = "HTTP " + std::to_string(r.status);
  std::string code = r.header("x-error-code");
  if (!code.empty()) msg += " " + code;
  std::string text = r.header("x-error-message");
  json body = json::parse(r.body, nullptr, false);
  if (text.empty() && body.is_object()) {
    if (body.contains("error") && body["error"].is_string()) text = body["error"].get<std::string>();
    else if (body.contains("error") && body["error"].is_array() && !body["error"].empty()) text = body["error"][0].dump();
    if (body.contains("error_description") && body["error_description"].is_string())
      text += (text.empty() ? "" : ": ") + body["error_description"].get<std::string>();
  } else if (text.empty() && !r.body.empty() && r.body.find("<html") == std::string::npos) {
    text = r.body.substr(0, 300);
  }
  if (!text.empty()) msg += ": " + text;
  for (const char* h : {"x-request-id", "x-amzn-trace-id", "x-amz-cf-id"}) {
    std::string id = r.header(h);
    if (!id.empty()) {
      msg += " (request id " + id + ")";
      break;
    }
  }
  return Error(ErrorKind::network, what + ": " + msg);
}

void HubClient::fail(const std::string& what, const Response& r) {
  Error base = hub_error(what, r);
  if ((r.status != 401 && r.status != 403) || what == "whoami") throw base;
  // Tell "not logged in" from "logged in, no rights" as kernel-builder does (docs/publish.md).
  std::string who;
  try {
    who = whoami().value("name", "");
  } catch (const Error&) {
    throw Error(ErrorKind::network, std::string(base.what()) + "; not logged in (no valid token)",
                "set HF_TOKEN or log in with `hf auth login` (token file: $HF_HOME/token)");
  }
  throw Error(ErrorKind::network, std::string(base.what()) + "; logged in as " + who + " without the rights for this",
              "kernel repos need kernel publishing rights on the Hub, and a token with write access");
}

Response HubClient::call(Request req, const std::string& what, bool retry) {
  Response r = retry ? send_with_retry(m_transport, req, m_retry) : m_transport.send(req);
  if (!r.ok()) fail(what, r);
  return r;
}

json parse_json(const Response& r, const std::string& what) {
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::network, what + ": the Hub answered with something that is not JSON");
  return j;
}

json HubClient::whoami() {
  return parse_json(call(api_request("GET", m_endpoint + "/api/whoami-v2"), "whoami", false), "whoami");
}

void HubClient::create_repo(const RepoRef& repo, bool is_private) {
  Request req = api_request("POST", m_endpoint + "/api/repos/create");
  auto slash = repo.id.find('/');
  json body = {{"name", repo.id.substr(slash + 1)}, {"organization", repo.id.substr(0, slash)},
               {"private", is_private}};
  if (repo.type == RepoType::kernel) body["type"] = "kernel";
  req.headers.emplace_back("Content-Type", "application/json");
  req.body.bytes = body.dump();
  Response r = send_with_retry(m_transport, req, m_retry);
  if (r.status == 409) return;  // exists (exist_ok)
  if (!r.ok()) fail("create repo " + repo.id, r);
}

std::vector<BranchRef> HubClient::list_branches(const RepoRef& repo) {
  json j = parse_json(call(api_request("GET", api(repo) + "/refs"), "list refs of " + repo.id), "refs");
  std::vector<BranchRef> out;
  for (const auto& b : j.value("branches", json::array()))
    out.push_back({b.value("name", ""), b.value("targetCommit", "")});
  return out;
}

void HubClient::create_branch(const RepoRef& repo, const std::string& branch) {
  Request req = api_request("POST", api(repo) + "/branch/" + encode_segment(branch));
  req.headers.emplace_back("Content-Type", "application/json");
  req.body.bytes = "{}";
  Response r = send_with_retry(m_transport, req, m_retry);
  if (r.status != 409 && !r.ok()) fail("create branch " + branch + " of " + repo.id, r);
}

std::string HubClient::revision_sha(const RepoRef& repo, const std::string& rev) {
  Response r = call(api_request("GET", api(repo) + "/revision/" + encode_segment(rev)), "revision " + rev);
  return parse_json(r, "revision").value("sha", "");
}

}  // namespace kb::publish
