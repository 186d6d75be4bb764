// SPDX-License-Identifier: Apache-2.0
#include "core/version_number.hpp"

#include <algorithm>

namespace kb {

std::optional<VersionNumbers> parse_version(std::string_view token) {
  VersionNumbers out;
  size_t start = 0;
  while (true) {
    size_t dot = token.find('.', start);
    std::string_view part = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || part.size() > 9) return std::nullopt;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    out.push_back(static_cast<unsigned>(std::stoul(std::string(part))));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string normalize_version_token(std::string_view token) {
  std::optional<VersionNumbers> v = parse_version(token);
  if (!v) return std::string(token);
  while (v->size() > 1 && v->back() == 0) v->pop_back();
  std::string out;
  for (size_t i = 0; i < v->size(); ++i) out += (i ? "." : "") + std::to_string((*v)[i]);
  return out;
}

int compare_versions(const VersionNumbers& a, const VersionNumbers& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    unsigned x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

namespace {

std::optional<VersionNumbers> leading_numbers(std::string_view token) {
  VersionNumbers out;
  size_t start = 0;
  while (true) {
    size_t dot = token.find('.', start);
    std::string_view part = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    size_t digits = 0;
    while (digits < part.size() && digits < 9 && part[digits] >= '0' && part[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    out.push_back(static_cast<unsigned>(std::stoul(std::string(part.substr(0, digits)))));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  std::optional<VersionNumbers> x = leading_numbers(a), y = leading_numbers(b);
  if (x && y) return compare_versions(*x, *y);
  if (x || y) return x ? 1 : -1;
  return a == b ? 0 : a < b ? -1 : 1;
}

std::string_view symbol_version_number(std::string_view full) {
  size_t us = full.find('_');
  return us == std::string_view::npos ? full : full.substr(us + 1);
}

}  // namespace kb
