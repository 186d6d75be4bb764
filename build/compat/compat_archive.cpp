// SPDX-License-Identifier: Apache-2.0
#include "build/compat/compat_archive.hpp"

#include <algorithm>
#include <fstream>

#include "build/compat/shims.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"

namespace kb::build::compat {
namespace {

void run_or_throw(ProcessRunner& runner, Command cmd, const std::string& what) {
  cmd.env["LC_ALL"] = "C";
  CommandResult r = runner.run(cmd);
  if (r.exit_code != 0)
    throw Error(ErrorKind::environment, what + " failed:\n" + r.output,
                "check the toolchain (g++, binutils); kb derives the compat archive from it");
}

// Shims whose symbols the stubs cannot provide at an allowed version.
std::vector<const ShimEntry*> needed_shims(const CompatData& data, const std::set<std::string>& stub_names) {
  std::vector<const ShimEntry*> out;
  for (const ShimEntry& s : data.shims)
    for (const std::string& sym : s.symbols)
      if (!stub_names.count(sym)) {
        out.push_back(&s);
        break;
      }
  return out;
}

std::vector<std::string> compile_shims(const std::vector<const ShimEntry*>& shims, const std::filesystem::path& work,
                                       const Toolchain& tc, ProcessRunner& runner) {
  std::vector<std::string> objects;
  for (const ShimEntry* s : shims) {
    const ShimSource* src = find_shim_source(s->id);
    if (!src) throw Error(ErrorKind::bad_input, "compat-symbols.json: shim \"" + s->id + "\" has no source in kb");
    bool cxx = std::string(src->language) == "c++";
    std::filesystem::path file = work / ("kb_shim_" + s->id + (cxx ? ".cc" : ".c"));
    write_file_atomic(file, src->text);
    std::string obj = "kb_shim_" + s->id + ".o";
    Command cmd{{cxx ? tc.cxx() : tc.cc(), "-O2", "-fPIC", "-fno-gnu-unique", "-c", file.string(), "-o", obj}, work, {}};
    if (cxx) cmd.argv.insert(cmd.argv.begin() + 1, "-std=gnu++17");
    run_or_throw(runner, cmd, "compiling the " + s->id + " shim");
    objects.push_back(obj);
  }
  return objects;
}

// Renames the privatised members' globals in every member, so they stay internal.
void privatise(const ArchivePlan& plan, const std::vector<ElfObject>& listing, const std::vector<std::string>& members,
               const std::filesystem::path& work, const Toolchain& tc, ProcessRunner& runner) {
  std::string map;
  for (const ElfObject& m : listing)
    if (std::find(plan.privatise.begin(), plan.privatise.end(), m.name) != plan.privatise.end())
      for (const ElfSymbol& s : m.symbols)
        if (s.defined && s.bind != "LOCAL" && s.type != "SECTION" && s.type != "FILE")
          map += s.name + " __kb_priv_" + s.name + "\n";
  if (map.empty()) return;
  write_file_atomic(work / "privatise.map", map);
  for (const std::string& m : members)
    run_or_throw(runner, {{tc.tool("objcopy"), "--redefine-syms=privatise.map", m}, work, {}}, "objcopy " + m);
}

}  // namespace

ArchivePlan build_compat_archive(const ArchiveInputs& in, const std::set<std::string>& too_new,
                                 const std::filesystem::path& dir, const std::filesystem::path& work,
                                 ProcessRunner& runner) {
  const CompatData& data = compat_data();
  std::vector<ElfObject> listing = read_archive(in.libstdcxx_a, runner);
  std::vector<const ShimEntry*> shims = needed_shims(data, in.stub_names);
  std::set<std::string> resolvable = in.stub_names;
  for (const char* n : {"_GLOBAL_OFFSET_TABLE_", "__dso_handle", "_DYNAMIC", "__TMC_END__"}) resolvable.insert(n);
  for (const ShimEntry& s : data.shims) resolvable.insert(s.symbols.begin(), s.symbols.end());
  ArchivePlan plan = plan_archive(listing, too_new, resolvable, data);

  std::vector<std::string> members = plan.take;
  members.insert(members.end(), plan.privatise.begin(), plan.privatise.end());
  std::filesystem::create_directories(work);
  Command extract{{in.toolchain.tool("ar"), "x", std::filesystem::absolute(in.libstdcxx_a).string()}, work, {}};
  extract.argv.insert(extract.argv.end(), members.begin(), members.end());
  run_or_throw(runner, extract, "extracting libstdc++.a members");
  privatise(plan, listing, members, work, in.toolchain, runner);
  std::vector<std::string> shim_objects = compile_shims(shims, work, in.toolchain, runner);
  members.insert(members.end(), shim_objects.begin(), shim_objects.end());

  Command pack{{in.toolchain.tool("ar"), "rcsD", (std::filesystem::absolute(dir) / k_archive_name).string()}, work, {}};
  pack.argv.insert(pack.argv.end(), members.begin(), members.end());
  run_or_throw(runner, pack, "creating the compat archive");
  return plan;
}

}  // namespace kb::build::compat
