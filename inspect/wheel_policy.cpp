// SPDX-License-Identifier: Apache-2.0
// The manylinux tag a file actually needs: the oldest policy whose symbol-version sets hold every
// policy-dependency need (GLIBC, GLIBCXX, CXXABI, GCC, LIBATOMIC, ZLIB) of the file, the same
// membership test abi.manylinux applies to one policy.
#include "inspect/policy_data.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

namespace {

// The first need of `so` that `p` does not allow, or nullptr when it allows them all.
const VersionNeed* first_refused(const ManylinuxPolicy& p, const SoFacts& so) {
  auto arch = p.symbol_versions.find(so.machine);
  if (arch == p.symbol_versions.end()) return so.version_needs.empty() ? nullptr : &so.version_needs.front();
  for (const VersionNeed& need : so.version_needs) {
    const std::size_t us = need.version.find('_');
    if (us == std::string::npos) continue;
    auto dep = arch->second.find(need.version.substr(0, us));
    if (dep == arch->second.end()) continue;
    if (!dep->second.count(normalize_version_token(need.version.substr(us + 1)))) return &need;
  }
  return nullptr;
}

}  // namespace

unsigned glibc_minor(const std::string& policy) {
  const std::string pre = "manylinux_2_";
  if (policy.rfind(pre, 0) != 0) return 0;
  try {
    return static_cast<unsigned>(std::stoul(policy.substr(pre.size())));
  } catch (const std::exception&) {
    return 0;
  }
}

void find_min_policy(const std::vector<ManylinuxPolicy>& policies, WheelMember& m) {
  if (!m.facts || m.facts->machine == "cuda") return;
  const VersionNeed* last_refused = nullptr;
  for (const ManylinuxPolicy& p : policies) {  // oldest first, as in auditwheel's policy file
    if (glibc_minor(p.name) == 0) continue;    // "linux": no policy
    const VersionNeed* refused = first_refused(p, *m.facts);
    if (!refused) {
      m.min_policy = p.name;
      if (last_refused) m.min_policy_because = last_refused->version + " (" + last_refused->file + ")";
      return;
    }
    last_refused = refused;
  }
  if (last_refused) m.min_policy_because = last_refused->version + " (" + last_refused->file + ")";
}

}  // namespace kb::inspect
