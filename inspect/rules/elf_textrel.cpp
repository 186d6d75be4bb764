// SPDX-License-Identifier: Apache-2.0
// elf.textrel (docs/conformance.md): text relocations make the loader write into code pages, which
// SELinux and hardened kernels refuse, and defeat page sharing.
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_elf_textrel;

namespace {

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  if (!so.textrel) return;
  out.add(k_elf_textrel, so.path, "DT_TEXTREL", "has text relocations (DT_TEXTREL or DF_TEXTREL)",
          "compile every object with -fPIC (check hand-written assembly and prebuilt static libraries)");
}

}  // namespace

extern const Rule k_elf_textrel{
    "elf.textrel", Severity::error, "no text relocations (DT_TEXTREL)",
    "A shared object with text relocations needs writable code pages at load time. SELinux\n"
    "(execmod) and hardened systems refuse to load it, and it cannot share pages between\n"
    "processes. The cause is an object compiled without -fPIC.\n"
    "example: elf.textrel  DT_TEXTREL: has text relocations (DT_TEXTREL or DF_TEXTREL)",
    &check};

}  // namespace kb::inspect
