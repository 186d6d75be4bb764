// SPDX-License-Identifier: Apache-2.0
// elf.compat-leak: a kernel must not export the C++ runtime or libc definitions that a static
// archive (kb's compat archive, libstdc++_nonshared.a, -static-libstdc++) put inside it. An
// exported strong std:: definition interposes on the process's libstdc++ for every later
// library: two copies of state that must be unique (locale ids, the terminate handler).
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_elf_compat_leak;

namespace {

bool starts(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Itanium prefixes of the runtime's own namespaces (std::, __gnu_cxx::, __cxxabiv1::) and the
// C names the compat archive shims; user templates instantiated from std are WEAK, not GLOBAL.
bool runtime_name(const std::string& n) {
  for (const char* p : {"_ZNSt", "_ZNKSt", "_ZSt", "_ZTISt", "_ZTSSt", "_ZTVSt", "_ZNSs", "_ZNKSs", "_ZNSi", "_ZNSo",
                        "_ZN9__gnu_cxx", "_ZNK9__gnu_cxx", "_ZN10__cxxabiv1", "_ZTIN10__cxxabiv1", "__cxa_", "__gxx_",
                        "__kb_priv_", "_ZN5__kb"})
    if (starts(n, p)) return true;
  for (const char* c : {"__libc_single_threaded", "stat", "stat64", "fstat", "fstat64", "lstat", "lstat64", "fstatat",
                        "fstatat64", "mknod", "mknodat", "__truncsfhf2", "__extendhfsf2"})
    if (n == c) return true;
  return false;
}

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  for (const DynSymbol& s : so.dynsyms) {
    if (!s.defined || s.binding != SymbolBinding::global || !runtime_name(s.name)) continue;
    std::string pretty = demangle(s.name);
    out.add(k_elf_compat_leak, so.path, s.name,
            (pretty.empty() ? s.name : pretty) + " is exported: a static copy of the C++ runtime or libc leaks out of the .so",
            "link static runtime archives with -Wl,--exclude-libs,<archive> (kb build's compat layer does), and "
            "never with -static-libstdc++");
  }
}

}  // namespace

extern const Rule k_elf_compat_leak{
    "elf.compat-leak", Severity::error, "no strong C++ runtime or libc definitions exported from a static archive",
    "kb's compat archive (like Red Hat's libstdc++_nonshared.a) copies stateless libstdc++\n"
    "members and hidden shims into the kernel. They must stay internal: linked with\n"
    "-Wl,--exclude-libs, they leave no trace in .dynsym. A strong (GLOBAL) definition of a\n"
    "std::, __gnu_cxx::, __cxxabiv1:: or __cxa_ symbol, or of a shimmed libc name (stat,\n"
    "__libc_single_threaded), means the archive or a static libstdc++ leaked: the kernel then\n"
    "interposes on the process's libstdc++ for every library loaded after it. Template code a\n"
    "kernel instantiates from std is WEAK and is not reported.\n"
    "example: elf.compat-leak  _ZSt28__throw_bad_array_new_lengthv: std::__throw_bad_array_new_length() is exported",
    &check};

}  // namespace kb::inspect
