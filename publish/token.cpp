// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "core/file_text.hpp"
#include "publish/publish.hpp"

namespace kb::publish {

namespace {

std::string clean(std::string t) {
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '\r' || c == '\n'; }), t.end());
  auto first = t.find_first_not_of(" \t"), last = t.find_last_not_of(" \t");
  return first == std::string::npos ? "" : t.substr(first, last - first + 1);
}

std::string read_token_file(const std::filesystem::path& p) { return clean(read_file(p).value_or("")); }

}  // namespace

std::string resolve_token(const TokenSources& s) {
  for (const std::string* v : {&s.hf_token, &s.hugging_face_hub_token}) {
    std::string t = clean(*v);
    if (!t.empty()) return t;
  }
  std::filesystem::path file;
  if (!s.hf_token_path.empty()) file = s.hf_token_path;
  else if (!s.hf_home.empty()) file = std::filesystem::path(s.hf_home) / "token";
  else if (!s.xdg_cache_home.empty()) file = std::filesystem::path(s.xdg_cache_home) / "huggingface/token";
  else if (!s.home.empty()) file = std::filesystem::path(s.home) / ".cache/huggingface/token";
  return file.empty() ? "" : read_token_file(file);
}

std::string checked_endpoint(const std::string& endpoint, bool has_token) {
  static const std::regex k_url(R"(^(https?)://(\[[^\]]+\]|[^/:]+)(:\d+)?(/.*)?$)", std::regex::icase);
  std::string e = endpoint;
  while (!e.empty() && e.back() == '/') e.pop_back();
  std::smatch m;
  if (!std::regex_match(e, m, k_url))
    throw Error(ErrorKind::usage, "HF_ENDPOINT: \"" + e + "\" is not an http(s) URL", "e.g. https://huggingface.co");
  std::string scheme = m[1], host = m[2];
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  static const std::regex k_v4_loopback(R"(^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$)");
  bool loopback = host == "localhost" || host == "[::1]" || std::regex_match(host, k_v4_loopback);
  if (scheme == "http" && has_token && !loopback)
    throw Error(ErrorKind::usage, "HF_ENDPOINT: refusing to send the Hub token over plain http to " + host,
                "use an https:// endpoint (plain http is only allowed to loopback addresses)");
  return e;
}

}  // namespace kb::publish
