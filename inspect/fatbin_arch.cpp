// SPDX-License-Identifier: Apache-2.0
#include "inspect/fatbin_arch.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace kb::inspect {

namespace {

std::optional<unsigned> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  unsigned out = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    out = out * 10 + unsigned(c - '0');
  }
  return out;
}

// Key for ordering: (sm, suffix rank, text). Names without a trailing number come last.
std::tuple<unsigned, int, std::string> arch_key(const std::string& name) {
  size_t us = name.rfind('_');
  std::string tail = us == std::string::npos ? name : name.substr(us + 1);
  char suffix = 0;
  if (!tail.empty() && (tail.back() == 'a' || tail.back() == 'f')) {
    suffix = tail.back();
    tail.pop_back();
  }
  const std::optional<unsigned> sm = parse_uint(tail);
  if (!sm) return {~0u, 0, name};
  return {*sm, suffix == 0 ? 0 : suffix == 'a' ? 1 : 2, name};
}

bool version_le(const CudaCapability& a, const CudaCapability& b) {
  return std::tie(a.major, a.minor) <= std::tie(b.major, b.minor);
}

}  // namespace

std::string CudaCapability::sass_name() const {
  return "sm_" + std::to_string(sm()) + (suffix ? std::string(1, suffix) : std::string());
}

std::string CudaCapability::ptx_name() const {
  return "compute_" + std::to_string(sm()) + (suffix ? std::string(1, suffix) : std::string());
}

std::string CudaCapability::str() const {
  return std::to_string(major) + "." + std::to_string(minor) + (suffix ? std::string(1, suffix) : "") +
         (ptx ? "+PTX" : "");
}

std::optional<CudaCapability> parse_capability(std::string_view text) {
  CudaCapability c;
  constexpr std::string_view k_ptx = "+PTX";
  if (text.size() > k_ptx.size() && text.substr(text.size() - k_ptx.size()) == k_ptx) {
    c.ptx = true;
    text.remove_suffix(k_ptx.size());
  }
  if (!text.empty() && (text.back() == 'a' || text.back() == 'f')) {
    c.suffix = text.back();
    text.remove_suffix(1);
  }
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::optional<unsigned> major = parse_uint(text.substr(0, dot)), minor = parse_uint(text.substr(dot + 1));
  if (!major || !minor || *minor > 9) return std::nullopt;
  c.major = *major;
  c.minor = *minor;
  return c;
}

bool arch_less(const std::string& a, const std::string& b) { return arch_key(a) < arch_key(b); }

std::vector<std::string> loose_intersection(const std::vector<std::string>& src, const std::vector<std::string>& tgt) {
  std::vector<CudaCapability> plain, targets, all_targets;
  std::set<std::string> ptx;  // bases ("8.0", "9.0a") that asked for PTX
  std::vector<std::string> out;
  for (const std::string& t : tgt)
    if (auto c = parse_capability(t)) targets.push_back({c->major, c->minor, c->suffix, false});
  all_targets = targets;
  for (const std::string& s : src) {
    auto c = parse_capability(s);
    if (!c) continue;
    CudaCapability base{c->major, c->minor, c->suffix, false};
    if (c->ptx) ptx.insert(base.str());
    if (!c->suffix) {
      plain.push_back(base);
      continue;
    }
    // An a/f capability survives only when its plain base is a target; it then replaces it.
    auto same = [&](const CudaCapability& t) { return t.major == c->major && t.minor == c->minor && !t.suffix; };
    bool in_tgt = std::any_of(all_targets.begin(), all_targets.end(), same);
    if (in_tgt) out.push_back(base.str());
    targets.erase(std::remove_if(targets.begin(), targets.end(), same), targets.end());
  }
  for (const CudaCapability& t : targets) {
    const CudaCapability* best = nullptr;
    for (const CudaCapability& s : plain)
      if (version_le(s, t) && (s.major == t.major || ptx.count(s.str())) && (!best || version_le(*best, s)))
        best = &s;
    if (best) out.push_back(best->str());
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return arch_less(parse_capability(a)->sass_name(), parse_capability(b)->sass_name());
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  for (std::string& s : out)
    if (ptx.count(s)) s += "+PTX";
  return out;
}

std::vector<std::string> default_cuda_archs(unsigned nvcc_major, unsigned nvcc_minor) {
  if (nvcc_major >= 13) return {"7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "10.0", "11.0", "12.0", "12.1+PTX"};
  if (nvcc_major == 12 && nvcc_minor >= 8)
    return {"7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "10.0", "10.1", "12.0+PTX"};
  return {"7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0+PTX"};
}

}  // namespace kb::inspect
