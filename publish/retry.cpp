// SPDX-License-Identifier: Apache-2.0
#include "publish/retry.hpp"

#include <algorithm>
#include <regex>
#include <thread>

namespace kb::publish {

bool is_retryable(const Response& r) {
  switch (r.status) {
    case 0: case 408: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

int server_wait_seconds(const Response& r) {
  // IETF RateLimit header draft as the Hub sends it: "api";r=0;t=55 (r: remaining, t: reset in s).
  static const std::regex k_rate(R"(;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+))");
  std::smatch m;
  std::string rate = r.header("ratelimit");
  if (std::regex_search(rate, m, k_rate) && m[1] == "0") return std::stoi(m[2]);
  std::string after = r.header("retry-after");
  if (!after.empty() && std::all_of(after.begin(), after.end(), ::isdigit) && after.size() < 7)
    return std::stoi(after);
  return -1;
}

std::chrono::milliseconds retry_delay(const Response& r, int attempt, const RetryPolicy& p) {
  std::chrono::milliseconds backoff(p.base.count() * (1LL << std::min(attempt, 20)));
  backoff = std::min(backoff, p.cap);
  int server = server_wait_seconds(r);
  if (server >= 0) backoff = std::max(backoff, std::chrono::milliseconds(server * 1000LL));
  return backoff;
}

Response send_with_retry(HttpTransport& t, const Request& req, const RetryPolicy& p, int* attempts_out) {
  Response r;
  int attempt = 0;
  for (;; ++attempt) {
    r = t.send(req);
    if (!is_retryable(r) || attempt >= p.max_retries) break;
    auto delay = retry_delay(r, attempt, p);
    if (p.sleep) p.sleep(delay);
    else std::this_thread::sleep_for(delay);
  }
  if (attempts_out) *attempts_out = attempt + 1;
  return r;
}

}  // namespace kb::publish
