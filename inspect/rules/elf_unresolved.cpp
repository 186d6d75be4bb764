// SPDX-License-Identifier: Apache-2.0
// elf.unresolved: with --libdir, every undefined non-weak symbol must be defined, at a version
// the policy allows, by a library in DT_NEEDED. The version-need check (abi.manylinux) misses
// a reference that is not versioned at all: an unexported helper of a static archive member
// (__gnu_cxx::__snprintf_lite) or a symbol the link stubs refused; both fail only at dlopen.
#include "inspect/library_index.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"
#include "core/version_number.hpp"

namespace kb::inspect {

extern const Rule k_elf_unresolved;

namespace {

// A definition's version is acceptable when it is not a policy dependency's, or the policy lists it.
bool version_allowed(const std::string& version, const std::string& machine, const PolicyData& data) {
  size_t us = version.find('_');
  if (version.empty() || us == std::string::npos || !data.selected) return true;
  auto arch = data.selected->symbol_versions.find(machine);
  if (arch == data.selected->symbol_versions.end()) return true;
  auto dep = arch->second.find(version.substr(0, us));
  return dep == arch->second.end() || dep->second.count(normalize_version_token(version.substr(us + 1)));
}

bool resolves(const DynSymbol& ref, const SoFacts& lib, const std::string& machine, const PolicyData& data) {
  for (const DynSymbol& d : lib.dynsyms) {
    if (!d.defined || d.name != ref.name) continue;
    if (!ref.version.empty() ? d.version == ref.version : version_allowed(d.version, machine, data)) return true;
  }
  return false;
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.libraries) return;  // no --libdir: off
  std::vector<const SoFacts*> libs;
  for (const std::string& n : so.needed) {
    if (const SoFacts* lib = ctx.libraries->find(n, so.machine)) libs.push_back(lib);
    else out.add(k_elf_unresolved, so.path, n, "DT_NEEDED " + n + " is in none of the --libdir or system directories",
                 "pass the directory that holds it with --libdir (e.g. torch/lib, /usr/local/cuda/lib64)");
  }
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined || s.name.empty() || s.binding == SymbolBinding::weak) continue;
    if (s.name.rfind("Py", 0) == 0 || s.name.rfind("_Py", 0) == 0) continue;  // the interpreter provides them
    bool found = false;
    for (const SoFacts* lib : libs) found = found || resolves(s, *lib, so.machine, ctx.data);
    if (found) continue;
    std::string pretty = demangle(s.name);
    std::string at = s.version.empty() ? "" : "@" + s.version;
    out.add(k_elf_unresolved, so.path, s.name + at,
            (pretty.empty() ? s.name : pretty) + at + " is not defined" + (s.version.empty() ? " at an allowed version" : "") +
                " by any DT_NEEDED library: dlopen fails with \"undefined symbol\"",
            "link the library that defines it, or avoid the feature (kb build's compat layer lists denied ones in "
            "core/data/compat-symbols.json)");
  }
}

}  // namespace

extern const Rule k_elf_unresolved{
    "elf.unresolved", Severity::error, "with --libdir: every undefined symbol is defined by a DT_NEEDED library",
    "Only with --libdir DIR (searched before the system library directories). Each undefined,\n"
    "non-weak dynamic symbol must be defined by one of the DT_NEEDED libraries: a versioned\n"
    "reference at exactly its version, an unversioned one at a version the --policy allows (or\n"
    "unversioned). Py*/_Py* symbols are left to the interpreter. This catches what the version\n"
    "check cannot: an unexported helper of a static archive member, or a symbol the compat link\n"
    "stubs refused and that stayed undefined. Either makes dlopen fail.\n"
    "example: elf.unresolved  _ZN9__gnu_cxx15__snprintf_liteEPcmPKcP13__va_list_tag: __gnu_cxx::__snprintf_lite(...)\n"
    "         is not defined at an allowed version by any DT_NEEDED library",
    &check};

}  // namespace kb::inspect
