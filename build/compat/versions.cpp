// SPDX-License-Identifier: Apache-2.0
#include "build/compat/versions.hpp"

#include <vector>

#include "core/error.hpp"
#include "inspect/policy_data.hpp"
#include "core/version_number.hpp"

namespace kb::build::compat {
namespace {

const char* host_arch() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#else
  return "unknown";
#endif
}

// "GCC_7.0.0" -> "GCC_7"; "CXXABI_TM_1" stays (its token is not numeric).
std::string normalize(const std::string& full) {
  auto us = full.find('_');
  if (us == std::string::npos) return full;
  return full.substr(0, us + 1) + normalize_version_token(full.substr(us + 1));
}

}  // namespace

AllowedVersions::AllowedVersions(const std::set<std::string>& full_names) {
  for (const std::string& n : full_names) m_names.insert(normalize(n));
}

bool AllowedVersions::allows(const std::string& version) const { return m_names.count(normalize(version)) != 0; }

AllowedVersions load_allowed_versions(const std::string& policy, const std::string& target) {
  inspect::Options opts;
  opts.policy = policy;
  inspect::PolicyData data = inspect::load_policy_data(opts);
  const inspect::ManylinuxPolicy* p = data.selected;
  if (!p)
    throw Error(ErrorKind::environment, "manylinux policy data is not available in this kb build",
                "rebuild kb with core/data, or use --policy none");
  const std::string arch = target.empty() ? host_arch() : target;
  auto it = p->symbol_versions.find(arch);
  if (it == p->symbol_versions.end() || it->second.empty())
    throw Error(ErrorKind::usage, "policy " + policy + " has no symbol versions for " + arch,
                "choose a manylinux policy for this architecture, or --policy none");
  std::set<std::string> names;
  for (const auto& [dep, tokens] : it->second)
    for (const std::string& t : tokens) names.insert(dep + "_" + t);
  return AllowedVersions(std::move(names));
}

}  // namespace kb::build::compat
