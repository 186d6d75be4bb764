// SPDX-License-Identifier: Apache-2.0
#include "inspect/torch_library_scan.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace kb::inspect {
namespace {

constexpr std::string_view k_init = "TORCH_LIBRARY_init_";
constexpr std::string_view k_fragment = "TORCH_LIBRARY_FRAGMENT_init_";

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The identifier starting at `at` inside `name`: `len` chars when a mangling length prefix gave
// one that fits, else the longest run of identifier characters.
std::string_view identifier(std::string_view name, std::size_t at) {
  std::size_t d = at;
  while (d > 0 && std::isdigit(static_cast<unsigned char>(name[d - 1]))) --d;
  if (d < at && at - d <= 6) {
    const std::size_t len = std::stoul(std::string(name.substr(d, at - d)));
    if (len > 0 && len <= name.size() - at) return name.substr(at, len);
  }
  std::size_t e = at;
  while (e < name.size() && is_ident(name[e])) ++e;
  return name.substr(at, e - at);
}

// Namespace of one hit, or empty.
std::string namespace_at(std::string_view name, std::size_t at) {
  const std::string_view id = identifier(name, at);
  if (id.substr(0, k_init.size()) == k_init) return std::string(id.substr(k_init.size()));
  if (id.substr(0, k_fragment.size()) != k_fragment) return {};
  std::string_view ns = id.substr(k_fragment.size());
  // Drop the trailing _<uid> (C10_UID, a __COUNTER__ value).
  const std::size_t us = ns.rfind('_');
  if (us == std::string_view::npos || us + 1 == ns.size()) return {};
  if (!std::all_of(ns.begin() + us + 1, ns.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return {};
  return std::string(ns.substr(0, us));
}

}  // namespace

void scan_torch_library_names(std::string_view names, std::vector<std::string>& out) {
  constexpr std::string_view k_stem = "TORCH_LIBRARY_";
  std::size_t pos = 0;
  while (pos < names.size()) {
    const void* hit = ::memmem(names.data() + pos, names.size() - pos, k_stem.data(), k_stem.size());
    if (!hit) break;
    const std::size_t at = static_cast<const char*>(hit) - names.data();
    // The NUL-delimited name containing the hit.
    std::size_t b = names.rfind('\0', at);
    b = b == std::string_view::npos ? 0 : b + 1;
    std::size_t e = names.find('\0', at);
    if (e == std::string_view::npos) e = names.size();
    const std::string ns = namespace_at(names.substr(b, e - b), at - b);
    if (!ns.empty() && std::find(out.begin(), out.end(), ns) == out.end()) out.push_back(ns);
    pos = at + k_stem.size();
  }
}

}  // namespace kb::inspect
