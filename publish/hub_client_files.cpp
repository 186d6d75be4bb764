// SPDX-License-Identifier: Apache-2.0
// The file-level calls of HubClient: tree listing, preupload, LFS batch, uploads, commit.
#include <regex>

#include "core/digest.hpp"
#include "publish/hub_client.hpp"

using nlohmann::json;

namespace kb::publish {

json parse_json(const Response& r, const std::string& what);

namespace {

std::string next_link(const Response& r) {
  static const std::regex k_next(R"re(<([^>]+)>\s*;\s*rel="?next"?)re");
  std::smatch m;
  std::string link = r.header("link");
  return std::regex_search(link, m, k_next) ? m[1].str() : std::string();
}

Request lfs_json_request(Request r, const json& body) {
  r.headers.emplace_back("Accept", "application/vnd.git-lfs+json");
  r.headers.emplace_back("Content-Type", "application/vnd.git-lfs+json");
  r.body.bytes = body.dump();
  return r;
}

}  // namespace

std::vector<RemoteFile> HubClient::list_tree(const RepoRef& repo, const std::string& rev) {
  std::vector<RemoteFile> out;
  std::string url = api(repo) + "/tree/" + encode_segment(rev) + "?recursive=true&expand=false";
  while (!url.empty()) {
    Response r = send_with_retry(m_transport, api_request("GET", url), m_retry);
    if (r.status == 404 && out.empty()) return out;  // no such revision yet: nothing to delete
    if (!r.ok()) fail("list files of " + repo.id + "@" + rev, r);
    for (const auto& e : parse_json(r, "tree")) {
      if (e.value("type", "") != "file") continue;
      RemoteFile f{e.value("path", ""), e.value("oid", ""), e.value("size", std::uint64_t{0}), ""};
      if (e.contains("lfs") && e["lfs"].is_object()) f.lfs_sha256 = e["lfs"].value("oid", "");
      out.push_back(std::move(f));
    }
    url = next_link(r);
  }
  return out;
}

std::vector<PreuploadAnswer> HubClient::preupload(const RepoRef& repo, const std::string& rev,
                                                  const std::vector<const LocalFile*>& files, bool create_pr) {
  json list = json::array();
  for (const LocalFile* f : files) {
    std::vector<std::uint8_t> sample(f->sample.begin(), f->sample.end());
    list.push_back({{"path", f->path}, {"sample", base64_encode(sample)}, {"size", f->size}});
  }
  Request req = api_request("POST", api(repo) + "/preupload/" + encode_segment(rev) + (create_pr ? "?create_pr=1" : ""));
  req.headers.emplace_back("Content-Type", "application/json");
  req.body.bytes = json{{"files", list}}.dump();
  json j = parse_json(call(std::move(req), "preupload to " + repo.id + "@" + rev), "preupload");
  std::vector<PreuploadAnswer> out;
  for (const auto& e : j.value("files", json::array())) {
    PreuploadAnswer a;
    a.path = e.value("path", "");
    a.mode = e.value("uploadMode", "") == "lfs" ? UploadMode::lfs : UploadMode::regular;
    a.should_ignore = e.value("shouldIgnore", false);
    if (e.contains("oid") && e["oid"].is_string()) a.oid = e["oid"].get<std::string>();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<LfsAction> HubClient::lfs_batch(const RepoRef& repo, const std::vector<const LocalFile*>& files,
                                            const std::optional<std::string>& ref) {
  json objects = json::array();
  for (const LocalFile* f : files) objects.push_back({{"oid", f->sha256}, {"size", f->size}});
  json body = {{"operation", "upload"}, {"transfers", {"basic", "multipart"}}, {"objects", objects},
               {"hash_algo", "sha256"}};
  if (ref) body["ref"] = {{"name", *ref}};
  std::string url = m_endpoint + "/" + repo.url_prefix() + repo.id + ".git/info/lfs/objects/batch";
  json j = parse_json(call(lfs_json_request(api_request("POST", url), body), "LFS batch for " + repo.id), "LFS batch");
  std::vector<LfsAction> out;
  for (const auto& o : j.value("objects", json::array())) {
    if (o.contains("error"))
      throw Error(ErrorKind::network, "LFS batch: object " + o.value("oid", "") + ": " + o["error"].dump());
    LfsAction a{o.value("oid", ""), o.value("size", std::uint64_t{0}), "", "", 0, {}};
    json actions = o.value("actions", json::object());
    if (actions.contains("upload")) {
      a.upload_href = actions["upload"].value("href", "");
      json header = actions["upload"].value("header", json::object());
      if (header.contains("chunk_size")) {
        a.chunk_size = std::stoull(header["chunk_size"].is_string() ? header["chunk_size"].get<std::string>()
                                                                    : header["chunk_size"].dump());
        std::map<int, std::string> parts;  // digit-only keys are part numbers
        for (auto it = header.begin(); it != header.end(); ++it)
          if (!it.key().empty() && std::all_of(it.key().begin(), it.key().end(), ::isdigit))
            parts[std::stoi(it.key())] = it.value().get<std::string>();
        for (auto& [_, href] : parts) a.part_hrefs.push_back(href);
        if (a.chunk_size == 0 || a.part_hrefs.size() != (a.size + a.chunk_size - 1) / a.chunk_size)
          throw Error(ErrorKind::network, "LFS batch: malformed multipart answer for " + a.oid);
      }
    }
    if (actions.contains("verify")) a.verify_href = actions["verify"].value("href", "");
    out.push_back(std::move(a));
  }
  return out;
}

namespace {
// Upload URLs are pre-signed: no Authorization, no User-Agent with credentials (docs/publish.md).
Request storage_request(const std::string& method, const std::string& url) {
  Request r;
  r.method = method;
  r.url = url;
  return r;
}
}  // namespace

std::uint64_t HubClient::upload_single(const LfsAction& a, const SliceBody& make_body,
                                       const std::function<void(std::uint64_t)>& progress) {
  Request req = storage_request("PUT", a.upload_href);
  req.body = make_body(0, a.size);
  req.on_upload_progress = progress;
  Response r = send_with_retry(m_transport, req, m_retry);
  if (!r.ok()) throw hub_error("upload of " + a.oid, r);
  return a.size;
}

std::string HubClient::upload_part(const LfsAction& a, std::size_t part, const SliceBody& make_body,
                                   const std::function<void(std::uint64_t)>& progress) {
  std::uint64_t offset = a.chunk_size * part;
  Request req = storage_request("PUT", a.part_hrefs.at(part));
  req.body = make_body(offset, std::min(a.chunk_size, a.size - offset));
  req.on_upload_progress = progress;
  Response r = send_with_retry(m_transport, req, m_retry);
  if (!r.ok()) throw hub_error("upload of part " + std::to_string(part + 1) + " of " + a.oid, r);
  std::string etag = r.header("etag");
  if (etag.empty()) throw Error(ErrorKind::network, "upload of part " + std::to_string(part + 1) + " of " + a.oid + ": no ETag in the answer");
  return etag;
}

void HubClient::complete_multipart(const LfsAction& a, const std::vector<std::string>& etags) {
  json parts = json::array();
  for (std::size_t i = 0; i < etags.size(); ++i) parts.push_back({{"partNumber", i + 1}, {"etag", etags[i]}});
  Request req = lfs_json_request(storage_request("POST", a.upload_href), {{"oid", a.oid}, {"parts", parts}});
  Response r = send_with_retry(m_transport, req, m_retry);
  if (!r.ok()) throw hub_error("completing the multipart upload of " + a.oid, r);
}

void HubClient::verify(const LfsAction& a) {
  if (a.verify_href.empty()) return;
  Request req = lfs_json_request(api_request("POST", a.verify_href), {{"oid", a.oid}, {"size", a.size}});
  call(std::move(req), "verify of " + a.oid);
}

Response HubClient::post_commit(const RepoRef& repo, const std::string& rev, const std::string& ndjson, bool create_pr) {
  Request req = api_request("POST", api(repo) + "/commit/" + encode_segment(rev) + (create_pr ? "?create_pr=1" : ""));
  req.headers.emplace_back("Content-Type", "application/x-ndjson");
  req.body.bytes = ndjson;
  return m_transport.send(req);
}

}  // namespace kb::publish
