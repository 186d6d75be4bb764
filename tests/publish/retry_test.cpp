// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "publish/retry.hpp"

using namespace kb::publish;
using std::chrono::milliseconds;

namespace {

Response status(int s, Headers h = {}) {
  Response r;
  r.status = s;
  r.headers = std::move(h);
  return r;
}

struct Scripted : HttpTransport {
  std::vector<Response> answers;
  std::size_t calls = 0;
  Response send(const Request&) override { return answers.at(std::min(calls++, answers.size() - 1)); }
};

}  // namespace

TEST_CASE("retryable statuses are the Hub clients' set", "[publish][retry][unit]") {
  for (int s : {0, 408, 429, 500, 502, 503, 504}) CHECK(is_retryable(status(s)));
  for (int s : {200, 400, 401, 403, 404, 409, 412, 413, 501}) CHECK_FALSE(is_retryable(status(s)));
}

TEST_CASE("RateLimit t wins when r=0, else Retry-After", "[publish][retry][unit]") {
  CHECK(server_wait_seconds(status(429, {{"ratelimit", "\"api\";r=0;t=7"}, {"retry-after", "3"}})) == 7);
  CHECK(server_wait_seconds(status(429, {{"ratelimit", "\"api\";r=5;t=7"}, {"retry-after", "3"}})) == 3);
  CHECK(server_wait_seconds(status(503, {{"retry-after", "soon"}})) == -1);
  CHECK(server_wait_seconds(status(503)) == -1);
}

TEST_CASE("backoff doubles to the cap and honours the server's wait", "[publish][retry][unit]") {
  RetryPolicy p;
  CHECK(retry_delay(status(500), 0, p) == milliseconds(1000));
  CHECK(retry_delay(status(500), 2, p) == milliseconds(4000));
  CHECK(retry_delay(status(500), 7, p) == milliseconds(8000));
  CHECK(retry_delay(status(429, {{"retry-after", "20"}}), 0, p) == milliseconds(20000));
}

TEST_CASE("send_with_retry stops on success and gives up after max_retries", "[publish][retry][unit]") {
  std::vector<milliseconds> slept;
  RetryPolicy p;
  p.sleep = [&](milliseconds d) { slept.push_back(d); };
  Scripted t;
  t.answers = {status(0), status(429, {{"ratelimit", "\"api\";r=0;t=2"}}), status(200)};
  int attempts = 0;
  REQUIRE(send_with_retry(t, Request{}, p, &attempts).status == 200);
  CHECK(attempts == 3);
  REQUIRE(slept == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)});
  Scripted down;
  down.answers = {status(503)};
  REQUIRE(send_with_retry(down, Request{}, p, &attempts).status == 503);
  CHECK(attempts == 6);
  Scripted denied;
  denied.answers = {status(403)};
  send_with_retry(denied, Request{}, p, &attempts);
  CHECK(attempts == 1);
}
