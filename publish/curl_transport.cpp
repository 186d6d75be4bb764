// SPDX-License-Identifier: Apache-2.0
// libcurl behind RAII handles. One easy handle per in-flight request, taken from a pool so
// keep-alive connections are reused across requests and threads.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "core/error.hpp"
#include "publish/http_transport.hpp"

namespace kb::publish {

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    if (std::equal(k.begin(), k.end(), name.begin(),
                   [](char a, char b) { return std::tolower((unsigned char)a) == std::tolower((unsigned char)b); }))
      return v;
  }
  return {};
}

namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

struct Transfer {
  const Request* request;
  Response* response;
  std::unique_ptr<BodyReader> reader;
  std::size_t offset = 0;  // into request->body.bytes
};

std::size_t on_write(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<Transfer*>(user)->response->body.append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  std::string line(data, size * n);
  auto* resp = static_cast<Transfer*>(user)->response;
  if (line.rfind("HTTP/", 0) == 0) resp->headers.clear();  // a new response (after 100/redirect)
  auto colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = line.substr(0, colon), value = line.substr(colon + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto first = value.find_first_not_of(" \t"), last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  resp->headers.emplace_back(std::move(name), std::move(value));
  return size * n;
}

std::size_t on_read(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t want = size * n;
  if (t->reader) {
    try {
      return t->reader->read(buf, want);
    } catch (...) {
      return CURL_READFUNC_ABORT;
    }
  }
  const std::string& bytes = t->request->body.bytes;
  std::size_t k = std::min(want, bytes.size() - t->offset);
  std::copy_n(bytes.data() + t->offset, k, buf);
  t->offset += k;
  return k;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(user);
  if (t->request->on_upload_progress) t->request->on_upload_progress(static_cast<std::uint64_t>(ulnow));
  return 0;
}

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(long stall_timeout_s) : m_stall(stall_timeout_s) {}
  ~CurlTransport() override {
    for (CURL* h : m_pool) curl_easy_cleanup(h);
  }

  Response send(const Request& request) override {
    CURL* h = take();
    Response response;
    Transfer t{&request, &response, nullptr, 0};
    if (request.body.streamed()) t.reader = request.body.open();
    curl_slist* headers = configure(h, request, t);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      response.status = 0;
      response.transport_error = curl_easy_strerror(rc);
      curl_easy_cleanup(h);  // the connection may be half-dead: do not pool it
      return response;
    }
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    response.status = static_cast<int>(code);
    give_back(h);
    return response;
  }

 private:
  curl_slist* configure(CURL* h, const Request& r, Transfer& t) {
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    // A stall (under 1 byte/s for m_stall seconds) is a transport error, retried by the caller.
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, m_stall);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);  // fewer read calls on big PUTs  // never forward credentials to a redirect
    curl_slist* list = nullptr;
    for (const auto& [k, v] : r.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    if (r.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (r.method == "PUT" || r.method == "POST") {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(h, CURLOPT_READDATA, &t);
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body.length()));
    } else if (r.method != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    return list;
  }

  CURL* take() {
    static CurlGlobal global;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_pool.empty()) {
      CURL* h = curl_easy_init();
      if (!h) throw Error(ErrorKind::environment, "libcurl: cannot create a handle");
      return h;
    }
    CURL* h = m_pool.back();
    m_pool.pop_back();
    return h;
  }
  void give_back(CURL* h) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pool.push_back(h);
  }

  long m_stall;
  std::mutex m_mutex;
  std::vector<CURL*> m_pool;
};

}  // namespace

std::unique_ptr<HttpTransport> make_curl_transport(long stall_timeout_s) {
  return std::make_unique<CurlTransport>(stall_timeout_s);
}

}  // namespace kb::publish
