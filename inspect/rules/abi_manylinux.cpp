// SPDX-License-Identifier: Apache-2.0
// abi.manylinux (docs/conformance.md): every version need of a policy dependency must be a
// member of the selected policy's set for the binary's arch. Reads .gnu.version_r, so it works
// on stripped and lld-linked files and sees needs with no symbol attached (GLIBC_ABI_DT_RELR).
#include <algorithm>

#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_abi_manylinux;

namespace {

// "the largest numeric member", for the message only; membership is what is tested.
std::string newest(const std::set<std::string>& allowed) {
  std::optional<VersionNumbers> best;
  std::string out = "none";
  for (const std::string& t : allowed)
    if (auto v = parse_version(t); v && (!best || compare_versions(*v, *best) > 0)) best = v, out = t;
  return out;
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.data.selected) return;  // no policy loaded (facts-only callers)
  const ManylinuxPolicy& policy = *ctx.data.selected;
  auto arch = policy.symbol_versions.find(so.machine);
  if (arch == policy.symbol_versions.end()) {
    out.add(k_abi_manylinux, so.path, so.machine,
            policy.name + " has no symbol-version table for machine " + so.machine,
            "manylinux policies cover x86_64, i686, aarch64, armv7l, ppc64le, s390x, riscv64, loongarch64");
    return;
  }
  for (const VersionNeed& need : so.version_needs) {
    size_t us = need.version.find('_');
    if (us == std::string::npos) continue;  // e.g. "libcudart.so.12": not a policy dependency
    auto dep = arch->second.find(need.version.substr(0, us));
    if (dep == arch->second.end()) continue;  // OPENSSL_3.0, Qt_5 ...: outside the policy
    std::string token = normalize_version_token(need.version.substr(us + 1));
    if (dep->second.count(token)) continue;
    std::optional<VersionNumbers> v = parse_version(token);
    std::string top = newest(dep->second);
    std::optional<VersionNumbers> top_v = parse_version(top);
    std::string why = !v ? "a non-numeric version token that " + policy.name + " does not list for " + so.machine
                      : !top_v || compare_versions(*v, *top_v) > 0
                          ? policy.name + " allows " + dep->first + " up to " + top + " on " + so.machine
                          : "no such version exists on the " + policy.name + " " + so.machine + " reference system";
    std::string hint = "build on the " + policy.name + " reference system (or an older toolchain), or choose a newer --policy";
    bool any = false;
    for (const DynSymbol& s : so.dynsyms) {
      if (s.defined || s.version != need.version || (!s.version_file.empty() && s.version_file != need.file)) continue;
      out.add(k_abi_manylinux, so.path, versioned_name(s), s.name + " needs " + need.version + " from " + need.file + ": " + why, hint);
      any = true;
    }
    if (!any)
      out.add(k_abi_manylinux, so.path, need.version,
              need.file + " version " + need.version + " is required with no symbol attached: " + why, hint);
  }
}

}  // namespace

extern const Rule k_abi_manylinux{
    "abi.manylinux", Severity::error, "symbol versions needed from glibc/libstdc++/libgcc/libatomic/zlib fit the manylinux policy",
    "Every version the file needs (.gnu.version_r) from a policy dependency (GLIBC, GLIBCXX, CXXABI,\n"
    "GCC, LIBATOMIC, ZLIB) must be a member of the selected policy's set for the file's machine\n"
    "(--policy, default manylinux_2_28; tables from auditwheel's manylinux-policy.json). A newer\n"
    "version makes the .so fail to load on older hosts. Needs without a symbol,\n"
    "like GLIBC_ABI_DT_RELR from -z pack-relative-relocs, and non-numeric tokens like GLIBC_PRIVATE\n"
    "are findings too. Unlike kernel-abi-check this does not read .symtab, so stripped and\n"
    "lld-linked files are checked.\n"
    "example: abi.manylinux  exp2f@GLIBC_2.29: exp2f needs GLIBC_2.29 from libm.so.6: manylinux_2_28 on\n"
    "         x86_64 allows GLIBC versions up to 2.28 that exist on its reference system",
    &check};

}  // namespace kb::inspect
