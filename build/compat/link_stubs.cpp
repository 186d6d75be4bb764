// SPDX-License-Identifier: Apache-2.0
#include "build/compat/link_stubs.hpp"

#include <map>
#include <set>
#include <sstream>

#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "core/version_number.hpp"

namespace kb::build::compat {
namespace {

// One stub definition per kept symbol@version: a local label aliased with .symver.
void emit_symbol(std::ostringstream& as, const ElfSymbol& s, bool make_default, int n) {
  std::string label = "__kb_stub_" + std::to_string(n);
  bool tls = s.type == "TLS";
  bool object = s.type == "OBJECT" || tls;
  as << (tls ? "\t.section .tbss,\"awT\",@nobits\n" : object ? "\t.bss\n" : "\t.text\n");
  as << "\t.globl " << label << "\n";
  if (tls)
    as << "\t.type " << label << ", @tls_object\n";
  else if (s.bind == "UNIQUE")
    as << "\t.type " << label << ", @gnu_unique_object\n";
  else
    as << "\t.type " << label << (object ? ", @object\n" : ", @function\n");
  as << label << ":\n";
  std::uint64_t size = s.size ? s.size : 1;
  as << (object ? "\t.zero " + std::to_string(size) + "\n" : "\tret\n");
  if (object) as << "\t.size " << label << ", " << s.size << "\n";
  as << "\t.symver " << label << ", " << s.name << (make_default ? "@@" : "@") << s.version
     << ", remove\n";
}

}  // namespace

StubSource make_stub_source(const std::vector<ElfSymbol>& symbols, const AllowedVersions& allowed) {
  // Newest allowed version per name becomes the default the linker binds to.
  std::map<std::string, std::string> newest;
  std::vector<const ElfSymbol*> kept;
  std::set<std::string> nodes;
  for (const ElfSymbol& s : symbols) {
    if (!s.defined || s.version.empty() || s.name == s.version || !allowed.allows(s.version)) continue;
    if (s.type == "SECTION" || s.type == "FILE") continue;
    if (s.name.rfind("totalorder", 0) == 0) continue;  // compat-symbols.json: different ABI before 2.31
    kept.push_back(&s);
    nodes.insert(s.version);
    auto [it, fresh] = newest.emplace(s.name, s.version);
    if (!fresh && compare_versions(symbol_version_number(it->second), symbol_version_number(s.version)) < 0) it->second = s.version;
  }
  std::ostringstream as, map;
  as << "\t.section .note.GNU-stack,\"\",@progbits\n";
  int n = 0;
  std::set<std::pair<std::string, std::string>> seen;
  for (const ElfSymbol* s : kept) {
    if (!seen.emplace(s->name, s->version).second) continue;
    emit_symbol(as, *s, newest[s->name] == s->version, n++);
  }
  for (const std::string& v : nodes) map << v << " { };\n";
  StubSource out{as.str(), map.str(), {}};
  for (const auto& kv : newest) out.kept_names.push_back(kv.first);
  return out;
}

std::vector<std::string> build_stub(const std::filesystem::path& lib, const std::string& soname,
                                    const AllowedVersions& allowed, const std::filesystem::path& dir,
                                    ProcessRunner& runner, const std::string& cc) {
  StubSource src = make_stub_source(read_dynamic_symbols(lib, runner), allowed);
  std::filesystem::path s = dir / (soname + ".s"), map = dir / (soname + ".map");
  write_file_atomic(s, src.assembly);
  write_file_atomic(map, src.version_script);
  Command cmd;
  cmd.argv = {cc, "-shared", "-nostdlib", "-o", (dir / soname).string(), "-Wl,-soname," + soname,
              "-Wl,--version-script," + map.string(), s.string()};
  CommandResult r = runner.run(cmd);
  if (r.exit_code != 0)
    throw Error(ErrorKind::environment, "assembling the link stub for " + lib.string() + " failed:\n" + r.output,
                "check that binutils and gcc are installed and working");
  std::filesystem::remove(s);
  std::filesystem::remove(map);
  return src.kept_names;
}

}  // namespace kb::build::compat
