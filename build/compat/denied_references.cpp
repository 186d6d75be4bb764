// SPDX-License-Identifier: Apache-2.0
// After the link: a denied feature shows up as an undefined, unversioned symbol (the stubs
// did not define it at an allowed version, the archive did not take its member).
#include "build/compat.hpp"
#include "build/compat/compat_data.hpp"
#include "build/compat/elf_listing.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb::build {
namespace {

bool references(const fs::path& object, const std::string& symbol, ProcessRunner& runner) {
  for (const compat::ElfObject& obj : compat::read_archive(object, runner))
    for (const compat::ElfSymbol& s : obj.symbols)
      if (!s.defined && s.name == symbol) return true;
  return false;
}

std::string referencing_objects(const std::string& symbol, const std::vector<fs::path>& objects, ProcessRunner& runner) {
  std::string who;
  for (const fs::path& o : objects)
    if (references(o, symbol, runner)) who += (who.empty() ? "" : ", ") + o.filename().string();
  return who;
}

}  // namespace

void check_denied_references(const fs::path& so, const std::vector<fs::path>& objects, ProcessRunner& runner) {
  const compat::CompatData& data = compat::compat_data();
  for (const compat::ElfSymbol& s : compat::read_dynamic_symbols(so, runner)) {
    if (s.defined || !s.version.empty() || s.bind == "WEAK") continue;
    std::string pretty = compat::demangle(s.name);
    const compat::DeniedEntry* d = compat::find_denied(data, s.name, pretty);
    if (!d) continue;
    std::string where = referencing_objects(s.name, objects, runner);
    throw Error(ErrorKind::nonconformant,
                so.filename().string() + ": uses " + pretty + (where.empty() ? "" : " (referenced by " + where + ")") +
                    ", which the manylinux compatibility layer denies: " + d->reason,
                "instead: " + d->instead);
  }
}

}  // namespace kb::build
