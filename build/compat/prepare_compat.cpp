// SPDX-License-Identifier: Apache-2.0
// prepare_compat: find the host toolchain's libraries, generate (or reuse) the layer for a
// policy, self-test it, and hand back the flags.
#include <fstream>
#include <nlohmann/json.hpp>

#include "build/compat.hpp"
#include "build/compat/compat_archive.hpp"
#include "build/compat/link_stubs.hpp"
#include "build/compat/self_test.hpp"
#include "build/compat/shims.hpp"
#include "core/atomic_output.hpp"
#include "core/digest.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb::build {
namespace {

// Bump when the generated layout or generation logic changes, to invalidate old caches.
constexpr const char* k_layout = "kb-compat-3";

struct HostLibs {
  std::vector<std::pair<std::string, fs::path>> shared;  // soname -> host file
  fs::path libstdcxx_a, libgcc_a;
  std::string compiler_version;
  Toolchain toolchain;
};

// A cross g++ answers from its sysroot (/usr/aarch64-linux-gnu), so the stubs and the archive
// come from the target's glibc and libstdc++.
fs::path print_file_name(const std::string& name, const Toolchain& tc, ProcessRunner& runner) {
  CommandResult r = runner.run({{tc.cxx(), "-print-file-name=" + name}, {}, {}});
  std::string p = r.output.substr(0, r.output.find('\n'));
  if (r.exit_code != 0 || p.find('/') == std::string::npos || !fs::exists(p))
    throw Error(ErrorKind::environment, tc.cxx() + " cannot find " + name + " for the compatibility layer",
                tc.cross() ? "install the cross toolchain (apt-get install g++-" + tc.prefix.substr(0, tc.prefix.size() - 1) +
                                 "), or use --policy none"
                           : "install g++ and libstdc++-dev (apt-get install g++), or use --policy none");
  return fs::canonical(p);
}

HostLibs find_host_libs(const Toolchain& tc, ProcessRunner& runner) {
  HostLibs h;
  h.toolchain = tc;
  for (const std::string& so : {std::string("libc.so.6"), std::string("libm.so.6"), tc.ld_so(),
                                std::string("libstdc++.so.6"), std::string("libgcc_s.so.1")})
    h.shared.emplace_back(so, print_file_name(so, tc, runner));
  h.libstdcxx_a = print_file_name("libstdc++.a", tc, runner);
  h.libgcc_a = print_file_name("libgcc.a", tc, runner);
  CommandResult v = runner.run({{tc.cxx(), "-dumpfullversion"}, {}, {}});
  h.compiler_version = v.output.substr(0, v.output.find('\n'));
  return h;
}

std::string cache_key(const std::string& policy, const compat::AllowedVersions& allowed, const HostLibs& h) {
  Hasher hs(HashAlgorithm::sha256);
  auto add = [&](const std::string& s) { hs.update(s + "\n"); };
  add(k_layout), add(policy), add(h.toolchain.cpu), add(h.compiler_version), add(compat::compat_data_text());
  for (const std::string& v : allowed.names()) add(v);
  for (const auto& [so, path] : h.shared) add(so + " " + hex_encode(hash_file(path, HashAlgorithm::sha256)));
  for (const fs::path& a : {h.libstdcxx_a, h.libgcc_a}) add(hex_encode(hash_file(a, HashAlgorithm::sha256)));
  for (const compat::ShimEntry& s : compat::compat_data().shims)
    if (const compat::ShimSource* src = compat::find_shim_source(s.id)) add(src->text);
  add(compat::shadow_cxxconfig(compat::compat_data().macros_undefined));
  return hex_encode(hs.finish()).substr(0, 24);
}

CompatFlags flags_for(const fs::path& dir) {
  CompatFlags f;
  std::string inc = (dir / "include").string();
  f.cxx_flags = {"-isystem", inc, "-fno-gnu-unique"};
  f.nvcc_host_flags = {"-isystem", inc, "-Xcompiler", "-fno-gnu-unique"};
  // The libstdc++ stub comes before the archive: a symbol it exports at an allowed version binds to
  // the system libstdc++.so.6, and only what it lacks is copied (hidden) from the archive. With the
  // archive first, any kernel using std::ostringstream carried private copies of its members.
  f.link_flags = {"-L" + (dir / "stubs").string(), std::string("-Wl,--exclude-libs,") + compat::k_archive_name,
                  "-Wl,--gc-sections", "-lstdc++", (dir / compat::k_archive_name).string(),
                  "-Wl,--push-state,--no-as-needed"};
  for (const std::string& lib : compat::compat_data().pinned_libraries) f.link_flags.push_back("-l:" + lib);
  f.link_flags.push_back("-Wl,--pop-state");
  f.link_flags.push_back("-lgcc");
  return f;
}

// Linker scripts that make -lc/-lm/-lstdc++/-lgcc_s find the stubs (bare names search -L).
void write_linker_scripts(const fs::path& stubs, const Toolchain& tc) {
  write_file_atomic(stubs / "libc.so", "GROUP ( libc.so.6 libc_nonshared.a AS_NEEDED ( " + tc.ld_so() + " ) )\n");
  write_file_atomic(stubs / "libm.so", "GROUP ( libm.so.6 )\n");
  write_file_atomic(stubs / "libstdc++.so", "INPUT ( libstdc++.so.6 )\n");
  write_file_atomic(stubs / "libgcc_s.so", "GROUP ( libgcc_s.so.1 -lgcc )\n");
}

std::set<std::string> too_new_names(const fs::path& lib, const compat::AllowedVersions& allowed, ProcessRunner& runner) {
  std::map<std::string, bool> any_allowed;
  for (const compat::ElfSymbol& s : compat::read_dynamic_symbols(lib, runner))
    if (s.defined && !s.version.empty() && s.name != s.version) any_allowed[s.name] |= allowed.allows(s.version);
  std::set<std::string> out;
  for (const auto& [name, ok] : any_allowed)
    if (!ok) out.insert(name);
  return out;
}

nlohmann::json generate(const fs::path& dir, const std::string& policy, const compat::AllowedVersions& allowed,
                        const HostLibs& h, ProcessRunner& runner) {
  fs::create_directories(dir / "stubs");
  fs::create_directories(dir / "include" / "bits");
  write_file_atomic(dir / "include" / "bits" / "c++config.h", compat::shadow_cxxconfig(compat::compat_data().macros_undefined));
  compat::ArchiveInputs in{h.libstdcxx_a, {}, h.toolchain};
  for (const auto& [so, path] : h.shared)
    for (std::string& n : compat::build_stub(path, so, allowed, dir / "stubs", runner, h.toolchain.cc()))
      in.stub_names.insert(std::move(n));
  write_linker_scripts(dir / "stubs", h.toolchain);
  for (const compat::ElfObject& o : compat::read_archive(h.libgcc_a, runner))
    for (const compat::ElfSymbol& s : o.symbols)
      if (s.defined && s.bind != "LOCAL") in.stub_names.insert(s.name);
  std::set<std::string> too_new = too_new_names(h.shared[3].second, allowed, runner);
  compat::ArchivePlan plan = compat::build_compat_archive(in, too_new, dir, dir / "work", runner);
  nlohmann::json m = {{"policy", policy}, {"machine", h.toolchain.cpu}, {"compiler", h.toolchain.cxx() + " " + h.compiler_version}, {"taken", plan.take},
                      {"privatised", plan.privatise}, {"denied", plan.denied}, {"unreviewed", plan.unreviewed}};
  for (const auto& [so, path] : h.shared) m["inputs"][so] = path.string();
  return m;
}

}  // namespace

CompatFlags prepare_compat(const std::string& policy, const fs::path& cache_dir, ProcessRunner& runner,
                           const Toolchain& toolchain) {
  if (policy == "none") return {};
  return compat::prepare_layer(policy, compat::load_allowed_versions(policy, toolchain.cpu), cache_dir, runner,
                               toolchain);
}

namespace compat {

CompatFlags prepare_layer(const std::string& policy, const AllowedVersions& allowed, const fs::path& cache_dir,
                          ProcessRunner& runner, const Toolchain& toolchain) {
  HostLibs host = find_host_libs(toolchain, runner);
  std::string machine = toolchain.cross() ? toolchain.cpu + "-" : "";
  fs::path dir = cache_dir / (policy + "-" + machine + cache_key(policy, allowed, host));
  if (fs::exists(dir / "layer.json")) return flags_for(dir);
  AtomicOutput out(dir, true);
  nlohmann::json manifest = generate(out.temp_path(), policy, allowed, host, runner);
  fs::create_directories(out.temp_path() / "self-test");
  try {
    compat::self_test(flags_for(out.temp_path()), out.temp_path(), allowed, out.temp_path() / "self-test", runner,
                      toolchain);
  } catch (const Error& e) {
    // The usual cause is a policy older than the host's C++ library can be taken back to: its
    // headers inline calls to symbols the policy lacks and no private copy can stand in for.
    throw Error(e.kind(), "the compat layer for " + policy + " failed its self-test with " + toolchain.cxx() + " " +
                              host.compiler_version +
                              ": " + e.what(),
                "choose a newer policy (manylinux_2_28, the default, passes on Debian 12), or --policy none to build "
                "without the layer; if the default policy fails, the host toolchain changed in a way the layer does "
                "not cover: report the output");
  }
  fs::remove_all(out.temp_path() / "self-test");
  fs::remove_all(out.temp_path() / "work");
  write_file_atomic(out.temp_path() / "layer.json", manifest.dump(2) + "\n");
  out.commit();
  return flags_for(dir);
}

}  // namespace compat
}  // namespace kb::build
