// SPDX-License-Identifier: Apache-2.0
// HubClient and the commit runner over a scripted transport: what goes on the wire, how
// answers and failures are read.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>

#include "core/error.hpp"
#include "publish/commit_runner.hpp"
#include "publish/hub_client.hpp"

using namespace kb::publish;

namespace {

struct Script : HttpTransport {
  std::function<Response(const Request&)> answer;
  std::vector<Request> seen;
  std::mutex m;
  Response send(const Request& r) override {
    {
      std::lock_guard<std::mutex> lock(m);
      seen.push_back(r);
    }
    return answer(r);
  }
  bool has_auth(std::size_t i) {
    for (auto& [k, v] : seen.at(i).headers)
      if (k == "Authorization") return true;
    return false;
  }
};

Response json_answer(int status, std::string body, Headers h = {}) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(h);
  return r;
}

RetryPolicy no_wait() {
  RetryPolicy p;
  p.sleep = [](std::chrono::milliseconds) {};
  return p;
}

struct NoSource : TreeSource {
  std::unique_ptr<BodyReader> open(std::size_t, std::uint64_t) const override { return nullptr; }
};

}  // namespace

TEST_CASE("the token goes to API URLs only, never to upload URLs", "[publish][hub][unit]") {
  Script t;
  t.answer = [](const Request&) { return json_answer(200, "{}", {{"etag", "\"e1\""}}); };
  HubClient hub(t, "http://127.0.0.1:9", "SECRET", no_wait());
  LfsAction a{"abc", 3, "http://127.0.0.1:9/_storage/put/abc?sig=1", "http://127.0.0.1:9/o/n.git/info/lfs/objects/verify", 0, {}};
  auto body = [](std::uint64_t, std::uint64_t) {
    Body b;
    b.bytes = "xyz";
    return b;
  };
  hub.upload_single(a, body, nullptr);
  hub.verify(a);
  REQUIRE(t.seen.size() == 2);
  CHECK_FALSE(t.has_auth(0));
  CHECK(t.has_auth(1));
  Request other = hub.api_request("GET", "http://127.0.0.1:99/api/x");  // another origin
  for (auto& [k, v] : other.headers) CHECK(k != "Authorization");
}

TEST_CASE("Hub errors carry X-Error-Code, the message and the request id", "[publish][hub][unit]") {
  Response r = json_answer(404, R"({"error":"Repository not found"})",
                           {{"x-error-code", "RepoNotFound"}, {"x-request-id", "req-42"}});
  std::string msg = HubClient::hub_error("list refs of o/n", r).what();
  CHECK(msg.find("HTTP 404 RepoNotFound") != std::string::npos);
  CHECK(msg.find("Repository not found") != std::string::npos);
  CHECK(msg.find("req-42") != std::string::npos);
}

TEST_CASE("a 401 is explained through whoami", "[publish][hub][unit]") {
  Script t;
  t.answer = [](const Request& r) {
    return json_answer(401, R"({"error":"Invalid credentials in Authorization header"})");
  };
  HubClient hub(t, "http://127.0.0.1:9", "bad", no_wait());
  try {
    hub.create_branch({RepoType::kernel, "o/n"}, "v1");
    FAIL("no throw");
  } catch (const kb::Error& e) {
    CHECK(std::string(e.what()).find("not logged in") != std::string::npos);
    CHECK(e.kind() == kb::ErrorKind::network);
  }
  CHECK(t.seen.back().url == "http://127.0.0.1:9/api/whoami-v2");
}

TEST_CASE("revisions are one encoded path segment", "[publish][hub][unit]") {
  CHECK(encode_segment("refs/pr/3") == "refs%2Fpr%2F3");
  CHECK(encode_segment("v1") == "v1");
}

TEST_CASE("multipart answers are read part by part", "[publish][hub][unit]") {
  Script t;
  t.answer = [](const Request&) {
    return json_answer(200, R"({"objects":[{"oid":"o1","size":25,"actions":{"upload":{"href":"http://s/c",
      "header":{"chunk_size":"10","00002":"http://s/2","00001":"http://s/1","00003":"http://s/3"}}}},
      {"oid":"o2","size":5}]})");
  };
  HubClient hub(t, "http://127.0.0.1:9", "", no_wait());
  LocalFile f;
  auto actions = hub.lfs_batch({RepoType::kernel, "o/n"}, {&f}, std::string("v1"));
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].chunk_size == 10);
  CHECK(actions[0].part_hrefs == std::vector<std::string>{"http://s/1", "http://s/2", "http://s/3"});
  CHECK(actions[1].upload_href.empty());
  CHECK(t.seen[0].url == "http://127.0.0.1:9/kernels/o/n.git/info/lfs/objects/batch");
}

TEST_CASE("a lost commit answer is resolved by reading the branch back", "[publish][hub][commit][unit]") {
  UploadPlan plan;
  plan.files = {LocalFile{"build/a/x.py", "v1", 3, "s256", "s1", "abc", 0}};
  CommitPlan c{"v1", "msg", {{Operation::Kind::add_lfs, "build/a/x.py", 0}}};
  NoSource src;
  std::string head = "p0";
  int posts = 0;
  Script t;
  t.answer = [&](const Request& r) {
    if (r.method == "POST") {
      ++posts;
      head = "c1";  // the commit lands, but the answer is lost
      return Response{};
    }
    if (r.url.find("/revision/") != std::string::npos) return json_answer(200, R"({"sha":")" + head + "\"}");
    return json_answer(200, R"([{"type":"file","path":"build/a/x.py","oid":"g","size":3,"lfs":{"oid":"s256"}}])");
  };
  HubClient hub(t, "http://127.0.0.1:9", "", no_wait());
  CommitOutcome out = run_commit(hub, {RepoType::kernel, "o/n"}, c, plan, src, "v1", "p0", false, no_wait());
  CHECK(out.oid == "c1");
  CHECK(posts == 1);  // not posted twice
}

TEST_CASE("a commit that did not land is sent again with the same parent", "[publish][hub][commit][unit]") {
  UploadPlan plan;
  plan.files = {LocalFile{"build/a/x.py", "v1", 3, "s256", "s1", "abc", 0}};
  CommitPlan c{"v1", "msg", {{Operation::Kind::add_lfs, "build/a/x.py", 0}}};
  NoSource src;
  int posts = 0;
  Script t;
  t.answer = [&](const Request& r) {
    if (r.method == "POST") {
      CHECK(r.body.bytes.find("\"parentCommit\":\"p0\"") != std::string::npos);
      return ++posts == 1 ? json_answer(503, "{}") : json_answer(200, R"({"commitOid":"c9"})");
    }
    return json_answer(200, R"({"sha":"p0"})");
  };
  HubClient hub(t, "http://127.0.0.1:9", "", no_wait());
  CHECK(run_commit(hub, {RepoType::kernel, "o/n"}, c, plan, src, "v1", "p0", false, no_wait()).oid == "c9");
  CHECK(posts == 2);
}

TEST_CASE("a branch moved by someone else stops the publish", "[publish][hub][commit][unit]") {
  UploadPlan plan;
  plan.files = {LocalFile{"build/a/x.py", "v1", 3, "s256", "s1", "abc", 0}};
  CommitPlan c{"v1", "msg", {{Operation::Kind::add_lfs, "build/a/x.py", 0}}};
  NoSource src;
  Script t;
  t.answer = [&](const Request& r) {
    if (r.method == "POST") return json_answer(412, R"({"error":"A commit has happened since"})");
    if (r.url.find("/revision/") != std::string::npos) return json_answer(200, R"({"sha":"other"})");
    return json_answer(200, "[]");
  };
  HubClient hub(t, "http://127.0.0.1:9", "", no_wait());
  REQUIRE_THROWS_WITH(run_commit(hub, {RepoType::kernel, "o/n"}, c, plan, src, "v1", "p0", false, no_wait()),
                      Catch::Contains("branch moved"));
}
