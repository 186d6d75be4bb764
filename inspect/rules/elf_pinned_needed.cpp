// SPDX-License-Identifier: Apache-2.0
// elf.pinned-needed: glibc 2.34 merged libpthread, libdl and librt into libc. A .so that binds
// pthread_create or dlopen at an older version of libc.so.6 (kb's link stubs do, so the need
// fits manylinux_2_28) loads on glibc < 2.34 only if the library that defined the function
// then is DT_NEEDED: ld.so looks the versioned name up in every loaded object.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"
#include "core/version_number.hpp"

namespace kb::inspect {

extern const Rule k_elf_pinned_needed;

namespace {

struct Moved {
  std::string library;
  std::vector<std::string> prefixes;
  std::set<std::string> in_libc_2_28;
};

const std::vector<Moved>& moved_table() {
  static const std::vector<Moved> table = [] {
    std::vector<Moved> t;
    nlohmann::json j = nlohmann::json::parse(embedded_data("glibc_moved.json"));
    for (const auto& [lib, v] : j.at("libraries").items())
      t.push_back({lib, v.at("prefixes").get<std::vector<std::string>>(), v.at("in_libc_2_28").get<std::set<std::string>>()});
    return t;
  }();
  return table;
}

// The library that defined `name` before glibc 2.34, or null when libc always did.
const Moved* moved_from(const std::string& name) {
  for (const Moved& m : moved_table()) {
    if (m.in_libc_2_28.count(name)) return nullptr;
    for (const std::string& p : m.prefixes)
      if (name.rfind(p, 0) == 0) return &m;
  }
  return nullptr;
}

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined || s.version_file != "libc.so.6" || s.version.rfind("GLIBC_", 0) != 0) continue;
    std::optional<VersionNumbers> v = parse_version(s.version.substr(6));
    if (!v || compare_versions(*v, {2, 34}) >= 0) continue;  // 2.34+ needs only libc
    const Moved* m = moved_from(s.name);
    if (!m || std::find(so.needed.begin(), so.needed.end(), m->library) != so.needed.end()) continue;
    out.add(k_elf_pinned_needed, so.path, versioned_name(s),
            s.name + " is bound to " + s.version + " of libc.so.6, but before glibc 2.34 it lived in " + m->library +
                ", which is not DT_NEEDED: dlopen fails there with \"undefined symbol\"",
            "link " + m->library + " with -Wl,--push-state,--no-as-needed -l:" + m->library +
                " -Wl,--pop-state (kb build's compat layer does)");
  }
}

}  // namespace

extern const Rule k_elf_pinned_needed{
    "elf.pinned-needed", Severity::error, "pthread/dl/rt functions bound to pre-2.34 libc versions have their old library NEEDED",
    "glibc 2.34 moved libpthread, libdl and librt into libc.so.6, which still exports the old\n"
    "versions (pthread_create@GLIBC_2.2.5). kb's compat layer binds to those to fit the policy;\n"
    "on an older glibc the function is defined only by libpthread.so.0 / libdl.so.2 / librt.so.1,\n"
    "and ld.so finds it there only if that library is loaded, so it must be DT_NEEDED. Functions\n"
    "that glibc 2.28's libc already exported (pthread_mutex_lock ...) are exempt\n"
    "(core/data/glibc_moved.json).\n"
    "example: elf.pinned-needed  pthread_create@GLIBC_2.2.5: pthread_create is bound to GLIBC_2.2.5 of\n"
    "         libc.so.6, but before glibc 2.34 it lived in libpthread.so.0, which is not DT_NEEDED",
    &check};

}  // namespace kb::inspect
