// SPDX-License-Identifier: Apache-2.0
// elf.gnu-unique (docs/conformance.md): glibc binds STB_GNU_UNIQUE symbols process-wide even
// under RTLD_LOCAL, so two kernels (or two versions of one) silently share static state.
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_elf_gnu_unique;

namespace {

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  for (const DynSymbol& s : so.dynsyms) {
    if (s.binding != SymbolBinding::gnu_unique) continue;
    std::string pretty = demangle(s.name);
    out.add(k_elf_gnu_unique, so.path, s.name,
            s.name + (pretty.empty() ? "" : " (" + pretty + ")") + " is STB_GNU_UNIQUE: every copy loaded in the process shares it",
            "compile with -fno-gnu-unique (kb build does), so the symbol becomes WEAK");
  }
}

}  // namespace

extern const Rule k_elf_gnu_unique{
    "elf.gnu-unique", Severity::error, "no STB_GNU_UNIQUE symbols in .dynsym",
    "g++ emits static locals of inline functions and static data members of templates as\n"
    "STB_GNU_UNIQUE. glibc unifies these across the whole process, even for libraries loaded\n"
    "with RTLD_LOCAL, so two kernels or two versions of one kernel share counters, caches and\n"
    "registries. Build with -fno-gnu-unique.\n"
    "example: elf.gnu-unique  _ZZN4test9Conflicts5valueEvE13class_counter: ... is STB_GNU_UNIQUE:\n"
    "         every copy loaded in the process shares it",
    &check};

}  // namespace kb::inspect
