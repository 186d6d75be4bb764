// SPDX-License-Identifier: Apache-2.0
// Which symbol versions a manylinux policy allows, taken from inspect's policy data
// (core/data via load_policy_data) so the tables live in one place.
#pragma once
#include <set>
#include <string>

namespace kb::build::compat {

class AllowedVersions {
 public:
  AllowedVersions() = default;
  // Full names ("GCC_7.0.0"); numeric parts are compared without trailing zeros, as the
  // policy data does ("GCC_7" == "GCC_7.0.0").
  explicit AllowedVersions(const std::set<std::string>& full_names);
  // "GLIBC_2.28", "CXXABI_TM_1", "GCC_7.0.0": true when the policy lists it.
  bool allows(const std::string& version) const;
  const std::set<std::string>& names() const { return m_names; }

 private:
  std::set<std::string> m_names;
};

// Loads the named policy for `arch` ("": this machine's architecture; the limits differ per
// machine). Throws Error(usage) for an unknown policy (listing the valid ones).
AllowedVersions load_allowed_versions(const std::string& policy, const std::string& arch = "");

}  // namespace kb::build::compat
