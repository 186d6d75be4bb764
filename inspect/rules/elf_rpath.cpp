// SPDX-License-Identifier: Apache-2.0
// elf.rpath (docs/conformance.md): a shipped .so may only search next to itself ($ORIGIN...). Absolute
// entries leak the build machine (/nix/store, /build, /tmp, home dirs) and load whatever sits
// there on the user's machine.
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_elf_rpath;

namespace {

bool is_origin_relative(const std::string& e) { return e.rfind("$ORIGIN", 0) == 0 || e.rfind("${ORIGIN}", 0) == 0; }

std::string kind_of(const std::string& e) {
  for (const char* p : {"/nix/store/", "/gnu/store/"})
    if (e.rfind(p, 0) == 0) return "a package-store path";
  for (const char* p : {"/build", "/tmp", "/var/tmp", "/workspace"})
    if (e.rfind(p, 0) == 0) return "a build-directory path";
  for (const char* p : {"/home/", "/root", "/Users/"})
    if (e.rfind(p, 0) == 0) return "a home-directory path";
  if (e.empty()) return "an empty entry (the current directory)";
  if (e[0] != '/') return "a path relative to the current directory";
  return "an absolute path";
}

void check_list(const SoFacts& so, const std::vector<std::string>& entries, const char* tag, Findings& out) {
  // DT_RUNPATH "" (all entries empty) searches nothing extra; that is harmless.
  bool all_empty = true;
  for (const std::string& e : entries) all_empty = all_empty && e.empty();
  if (all_empty) return;
  for (const std::string& e : entries) {
    if (is_origin_relative(e)) continue;
    out.add(k_elf_rpath, so.path, e, std::string(tag) + " entry \"" + e + "\" is " + kind_of(e),
            "link with -Wl,-rpath,'$ORIGIN' (or none) and strip build paths, e.g. patchelf --remove-rpath");
  }
}

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  check_list(so, so.rpath, "DT_RPATH", out);
  check_list(so, so.runpath, "DT_RUNPATH", out);
}

}  // namespace

extern const Rule k_elf_rpath{
    "elf.rpath", Severity::error, "RPATH/RUNPATH entries are $ORIGIN-relative only",
    "DT_RPATH and DT_RUNPATH may be absent, empty, or list only $ORIGIN-relative directories.\n"
    "Absolute entries point at the build machine (/nix/store, /build, /tmp, home directories):\n"
    "they leak its layout and make the loader search places the user does not control.\n"
    "example: elf.rpath  /nix/store/abc-cuda/lib: DT_RUNPATH entry \"/nix/store/abc-cuda/lib\" is a\n"
    "         package-store path",
    &check};

}  // namespace kb::inspect
