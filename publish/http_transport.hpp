// SPDX-License-Identifier: Apache-2.0
// The HTTP seam of kb publish: every byte to or from the Hub goes through HttpTransport::send.
// libcurl implements it (curl_transport.cpp); unit tests script it in memory.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb::publish {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Sequential reader over a streamed request body (a file slice, a zip entry slice).
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Fills up to `n` bytes; returns 0 only at the end. Throws Error(bad_input) on a read failure.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
};

// A request body: either in-memory `bytes`, or `size` bytes produced by a reader that `open`
// creates afresh for every attempt (so a retry re-sends from the start).
struct Body {
  std::string bytes;
  std::uint64_t size = 0;
  std::function<std::unique_ptr<BodyReader>()> open;
  bool streamed() const { return static_cast<bool>(open); }
  std::uint64_t length() const { return streamed() ? size : bytes.size(); }
};

struct Request {
  std::string method;  // GET, HEAD, POST, PUT
  std::string url;
  Headers headers;     // sent as given; the transport adds none that carry credentials
  Body body;
  // Called with the bytes of this attempt's body sent so far (may be called from the worker thread).
  std::function<void(std::uint64_t)> on_upload_progress;
};

struct Response {
  int status = 0;               // 0: no HTTP response (connect/timeout/reset)
  std::string transport_error;  // set when status == 0
  Headers headers;              // names lower-cased, in arrival order
  std::string body;
  // The first header with that (case-insensitive) name, or "".
  std::string header(std::string_view name) const;
  bool ok() const { return status >= 200 && status < 300; }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Performs one attempt; never throws for HTTP or network failures (they are in the Response).
  // Must be safe to call from several threads at once.
  virtual Response send(const Request& request) = 0;
};

// libcurl-backed transport; keeps a pool of easy handles so connections are reused.
// `timeout_s` bounds stalls (no progress for that long), not whole transfers.
std::unique_ptr<HttpTransport> make_curl_transport(long stall_timeout_s = 60);

}  // namespace kb::publish
