// SPDX-License-Identifier: Apache-2.0
#include "core/version_number.hpp"

#include <algorithm>
#include <string>

namespace kb {

namespace {

// Dot-separated components as numbers. Strict: each component is 1-9 digits and nothing else.
// Loose: each component counts by its 1-9 leading digits ("0a", "1+cu130").
std::optional<VersionNumbers> numbers(std::string_view token, bool strict) {
  VersionNumbers out;
  size_t start = 0;
  while (true) {
    size_t dot = token.find('.', start);
    std::string_view part = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    size_t digits = 0;
    while (digits < part.size() && part[digits] >= '0' && part[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9 || (strict && digits != part.size())) return std::nullopt;
    out.push_back(static_cast<unsigned>(std::stoul(std::string(part.substr(0, digits)))));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

std::optional<VersionNumbers> parse_version(std::string_view token) { return numbers(token, true); }

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

int compare_versions(std::string_view a, std::string_view b) {
  std::optional<VersionNumbers> x = numbers(a, false), y = numbers(b, false);
  if (x && y) return compare_versions(*x, *y);
  if (x || y) return x ? 1 : -1;
  return a == b ? 0 : a < b ? -1 : 1;
}

std::string_view symbol_version_number(std::string_view full) {
  size_t us = full.find('_');
  return us == std::string_view::npos ? full : full.substr(us + 1);
}

}  // namespace kb
