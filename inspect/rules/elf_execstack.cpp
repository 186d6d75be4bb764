// SPDX-License-Identifier: Apache-2.0
// elf.execstack (docs/conformance.md): an executable-stack request makes glibc >= 2.41 refuse dlopen
// and, on older glibc, turns the whole process's stacks executable.
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_elf_execstack;

namespace {

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  if (!so.exec_stack) return;
  std::string why = so.has_gnu_stack ? "PT_GNU_STACK is executable (RWX)"
                                     : "there is no PT_GNU_STACK header, which the loader treats as an executable stack";
  out.add(k_elf_execstack, so.path, "PT_GNU_STACK", "requests an executable stack: " + why,
          "link with -Wl,-z,noexecstack and mark assembly files with .note.GNU-stack");
}

}  // namespace

extern const Rule k_elf_execstack{
    "elf.execstack", Severity::error, "the stack is not executable (PT_GNU_STACK without PF_X)",
    "A shared object must carry PT_GNU_STACK without PF_X. An executable-stack request (PF_X, or no\n"
    "PT_GNU_STACK at all) makes dlopen fail on glibc 2.41+ and otherwise makes every thread stack\n"
    "of the Python process executable. It usually comes from an assembly file without\n"
    "a .note.GNU-stack section.\n"
    "example: elf.execstack  PT_GNU_STACK: requests an executable stack: PT_GNU_STACK is executable (RWX)",
    &check};

}  // namespace kb::inspect
