// SPDX-License-Identifier: Apache-2.0
// elf.stdcxx-bound: with --libdir, a reference to a symbol the system libstdc++ exports must
// not be bound to another library. libtorch exports unversioned copies of libstdc++ code
// (std::filesystem, exception_ptr, futex waits); when it precedes libstdc++ on the link line, ld
// binds the kernel's reference there and records no version. No version check can see that:
// the .so then works on an older libstdc++ only while Torch keeps exporting its private copies.
#include <set>

#include "inspect/library_index.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_elf_stdcxx_bound;

namespace {

const char* k_stdcxx = "libstdc++.so.6";

// The first other DT_NEEDED library that defines `name`, as ld would have bound it.
std::string bound_to(const SoFacts& so, const std::string& name, const RuleContext& ctx) {
  for (const std::string& n : so.needed) {
    if (n == k_stdcxx) continue;
    const SoFacts* lib = ctx.libraries->find(n, so.machine);
    if (!lib) continue;
    for (const DynSymbol& d : lib->dynsyms)
      if (d.defined && d.name == name) return n;
  }
  return "";
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.libraries) return;  // no --libdir: off
  bool needs_stdcxx = false;
  for (const std::string& n : so.needed) needs_stdcxx = needs_stdcxx || n == k_stdcxx;
  const SoFacts* stdcxx = needs_stdcxx ? ctx.libraries->find(k_stdcxx, so.machine) : nullptr;
  if (!stdcxx) return;
  std::set<std::string> exported;
  for (const DynSymbol& d : stdcxx->dynsyms)
    if (d.defined) exported.insert(d.name);
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined || !s.version.empty() || s.binding == SymbolBinding::weak || !exported.count(s.name)) continue;
    std::string owner = bound_to(so, s.name, ctx);
    if (owner.empty()) continue;  // defined nowhere else: elf.unresolved's business
    std::string pretty = demangle(s.name);
    out.add(k_elf_stdcxx_bound, so.path, s.name,
            (pretty.empty() ? s.name : pretty) + " is a libstdc++ symbol bound without a version to " + owner +
                "'s copy: on an older libstdc++ it resolves only while " + owner + " exports it",
            "link libstdc++ (and kb build's compat layer) before " + owner +
                " on the link line, so the reference binds to libstdc++ or a private copy; kb build does");
  }
}

}  // namespace

extern const Rule k_elf_stdcxx_bound{
    "elf.stdcxx-bound", Severity::warning, "with --libdir: no libstdc++ symbol is bound to another library's copy",
    "Only with --libdir. An undefined, unversioned, non-weak symbol that the NEEDED libstdc++.so.6\n"
    "exports, but that another NEEDED library also defines, was bound by the linker to that other\n"
    "library: libtorch exports unversioned copies of std::filesystem, exception_ptr and futex code,\n"
    "and a link line with Torch before libstdc++ (the default of torch.utils.cpp_extension and of\n"
    "kb build --policy none) picks them. The version checks cannot see it, because no version is\n"
    "recorded; the .so then needs Torch to keep exporting libstdc++'s internals.\n"
    "example: warning elf.stdcxx-bound  _ZNSt10filesystem6statusERKNS_7__cxx114pathE: std::filesystem::status(...)\n"
    "         is a libstdc++ symbol bound without a version to libtorch_cpu.so's copy",
    &check};

}  // namespace kb::inspect
