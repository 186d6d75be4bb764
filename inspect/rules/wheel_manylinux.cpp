// SPDX-License-Identifier: Apache-2.0
// wheel.manylinux-claim: the platform tag in a wheel's file name is a promise pip trusts; the
// symbols of its ELF files (executables included) decide whether it holds.
#include "inspect/rules/wheel_rule.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

extern const Rule k_wheel_manylinux;

namespace {

void check_any_platform(const WheelFacts& w, Findings& out) {
  for (const WheelMember& m : w.elf)
    if (m.facts && m.facts->machine != "cuda")
      out.add(k_wheel_manylinux, w.path, m.rel,
              "the wheel is tagged for any platform but holds " + m.facts->machine + " machine code (" + m.rel + ")",
              "build it as a platform wheel (manylinux_2_X_<arch>) so pip does not install it where it cannot load");
}

}  // namespace

void check_wheel_manylinux(const WheelFacts& w, const RuleContext&, Findings& out) {
  if (!w.tags) return;
  bool any = false;
  for (const std::string& tag : w.tags->platform) {
    if (tag == "any") any = true;
    const std::optional<ManylinuxClaim> claim = manylinux_claim(tag);
    if (!claim) continue;
    for (const WheelMember& m : w.elf) {
      if (!m.facts || m.facts->machine == "cuda" || m.facts->machine != claim->arch) continue;
      if (m.min_policy.empty())
        out.add(k_wheel_manylinux, w.path, m.rel,
                tag + " is claimed but " + m.rel + " fits no manylinux policy (" + m.min_policy_because + ")",
                "rebuild it without private or unknown symbol versions");
      else if (glibc_minor(m.min_policy) > glibc_minor(claim->policy))
        out.add(k_wheel_manylinux, w.path, m.rel,
                tag + " is claimed but " + m.rel + " needs " + m.min_policy + " (" + m.min_policy_because + ")",
                "build on the " + claim->policy + " image (or an older toolchain), or tag the wheel " + m.min_policy +
                    "_" + claim->arch);
    }
  }
  if (any) check_any_platform(w, out);
}

const Rule k_wheel_manylinux{
    "wheel.manylinux-claim", Severity::error, "the manylinux tag of the wheel's file name holds for every ELF file in it",
    "--profile wheel. pip installs a wheel wherever its platform tag says it runs; it never looks at\n"
    "the symbols. kb reads every ELF member (shared objects and executables, found by content) and\n"
    "finds the oldest manylinux policy whose symbol-version sets cover its needs; a claim older than\n"
    "that fails to load on the hosts it promises. A wheel tagged `any` that holds host machine code\n"
    "is a finding too. Legacy tags map to their policies (manylinux2014 = manylinux_2_17).\n"
    "Each file's offending symbols are listed by abi.manylinux, run with the claimed policy.\n"
    "example: wheel.manylinux-claim  pkg/bin/tool: manylinux_2_17_x86_64 is claimed but pkg/bin/tool\n"
    "         needs manylinux_2_28 (GLIBC_2.28 (libc.so.6))",
    nullptr, nullptr};

}  // namespace kb::inspect
