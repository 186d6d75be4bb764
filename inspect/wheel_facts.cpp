// SPDX-License-Identifier: Apache-2.0
#include "inspect/wheel_facts.hpp"

#include <algorithm>

namespace kb::inspect {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t b = 0;
  for (std::size_t e; (e = s.find(sep, b)) != std::string::npos; b = e + 1) out.push_back(s.substr(b, e - b));
  out.push_back(s.substr(b));
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<WheelTags> parse_wheel_name(const std::string& file_name) {
  const std::string suffix = ".whl";
  if (file_name.size() <= suffix.size() || file_name.compare(file_name.size() - 4, 4, suffix) != 0) return std::nullopt;
  const std::vector<std::string> parts = split(file_name.substr(0, file_name.size() - 4), '-');
  if (parts.size() != 5 && parts.size() != 6) return std::nullopt;
  WheelTags t;
  t.name = parts[0];
  t.version = parts[1];
  const std::size_t n = parts.size();
  t.python = split(parts[n - 3], '.');
  t.abi = split(parts[n - 2], '.');
  t.platform = split(parts[n - 1], '.');
  return t;
}

std::optional<ManylinuxClaim> manylinux_claim(const std::string& tag) {
  // Legacy aliases (PEP 600): manylinux1 = 2_5, manylinux2010 = 2_12, manylinux2014 = 2_17.
  for (const auto& [alias, policy] : {std::pair<const char*, const char*>{"manylinux1_", "manylinux_2_5"},
                                      {"manylinux2010_", "manylinux_2_12"}, {"manylinux2014_", "manylinux_2_17"}}) {
    const std::string a = alias;
    if (tag.rfind(a, 0) == 0) return ManylinuxClaim{policy, tag.substr(a.size())};
  }
  const std::string pre = "manylinux_";
  if (tag.rfind(pre, 0) != 0) return std::nullopt;
  const std::vector<std::string> p = split(tag.substr(pre.size()), '_');
  if (p.size() < 3 || !all_digits(p[0]) || !all_digits(p[1])) return std::nullopt;
  std::string arch = p[2];
  for (std::size_t i = 3; i < p.size(); ++i) arch += "_" + p[i];  // x86_64
  return ManylinuxClaim{pre + p[0] + "_" + p[1], arch};
}

std::optional<std::string> abi3_floor(const WheelTags& tags) {
  if (std::find(tags.abi.begin(), tags.abi.end(), "abi3") == tags.abi.end()) return std::nullopt;
  std::optional<unsigned> lowest;
  for (const std::string& py : tags.python)
    if (py.size() > 3 && py.rfind("cp3", 0) == 0 && all_digits(py.substr(3))) {
      const unsigned minor = static_cast<unsigned>(std::stoul(py.substr(3)));
      if (!lowest || minor < *lowest) lowest = minor;
    }
  return lowest ? std::optional<std::string>("3." + std::to_string(*lowest)) : std::nullopt;
}

std::string gpu_generation(unsigned sm) {
  if (sm < 70) return "pre-Volta";
  if (sm < 75) return sm == 72 ? "Volta (Xavier)" : "Volta";
  if (sm < 80) return "Turing";
  if (sm < 89) return "Ampere";
  if (sm < 90) return "Ada";
  if (sm < 100) return "Hopper";
  if (sm < 120) return "Blackwell";
  return "Blackwell (GeForce/DGX Spark)";
}

}  // namespace kb::inspect
