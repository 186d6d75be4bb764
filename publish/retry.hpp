// SPDX-License-Identifier: Apache-2.0
// Retry policy of the Hub clients (docs/publish.md, "Retries and errors"): 408/429/5xx and transport errors
// are retried with exponential backoff; a 429 waits what `RateLimit` (r=0;t=T) or `Retry-After` says.
#pragma once
#include <chrono>
#include <functional>

#include "publish/http_transport.hpp"

namespace kb::publish {

struct RetryPolicy {
  int max_retries = 5;
  std::chrono::milliseconds base{1000};  // 1 s, 2 s, 4 s, 8 s, 8 s as huggingface_hub
  std::chrono::milliseconds cap{8000};
  // The sleep seam: tests pass a recorder so no unit test waits.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// True for a transport failure (status 0) and for 408, 429, 500, 502, 503, 504.
bool is_retryable(const Response& r);

// Seconds the server asked us to wait: `RateLimit: "api";r=0;t=T` gives T; else a numeric
// `Retry-After`. Negative when neither says anything usable.
int server_wait_seconds(const Response& r);

// Delay before retry number `attempt` (0-based): max(backoff, what the server asked).
std::chrono::milliseconds retry_delay(const Response& r, int attempt, const RetryPolicy& p);

// Sends, retrying per policy; returns the last response (success or the final failure).
// `attempts_out`, when given, receives the number of attempts made.
Response send_with_retry(HttpTransport& t, const Request& req, const RetryPolicy& p, int* attempts_out = nullptr);

}  // namespace kb::publish
