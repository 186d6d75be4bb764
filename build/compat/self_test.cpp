// SPDX-License-Identifier: Apache-2.0
#include "build/compat/self_test.hpp"

#include <sstream>

#include "build/compat/compat_archive.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"

namespace kb::build::compat {
namespace {

// Every feature of the issue's list, behind one entry point that returns 0 when all work.
const char* k_probe = R"(#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <dlfcn.h>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <vector>
static void* kb_thread(void* p) { *static_cast<int*>(p) = 7; return nullptr; }
extern "C" int kb_probe() {
  std::vector<int> v; for (int i = 0; i < 100; ++i) v.push_back(i);
  auto sp = std::make_shared<std::vector<int>>(v); auto sp2 = sp;
  char buf[64]; auto r = std::to_chars(buf, buf + sizeof buf, 0.1);
  double back = 0; std::from_chars(buf, r.ptr, back);
  if (back != 0.1 || sp2->size() != 100) return 1;
  if (!std::filesystem::exists("/") || std::pow(2.0, 10.0) != 1024.0) return 2;
  struct stat st; if (stat("/", &st) != 0) return 3;
  std::mutex m; std::condition_variable cv; std::unique_lock<std::mutex> lk(m);
  cv.wait_for(lk, std::chrono::milliseconds(1));
  std::ostringstream os; os << "x" << 1; if (os.str() != "x1") return 4;
  std::exception_ptr e; try { throw std::runtime_error("e"); } catch (...) { e = std::current_exception(); }
  std::exception_ptr e2 = e; try { std::rethrow_exception(e2); } catch (const std::runtime_error&) {}
  void* h = dlopen("libm.so.6", RTLD_NOW); if (!h || !dlsym(h, "cos")) return 5; dlclose(h);
  int out = 0; pthread_t t; pthread_create(&t, nullptr, kb_thread, &out); pthread_join(t, nullptr);
  return out == 7 ? 0 : 6;
}
)";

const char* k_host = R"(#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char** argv) {
  void* h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) { printf("dlopen: %s\n", dlerror()); return 10; }
  int (*f)() = (int (*)())dlsym(h, "kb_probe");
  int rc = f ? f() : 11;
  printf("kb_probe: %d\n", rc);
  return rc;
}
)";

CommandResult must(ProcessRunner& runner, Command cmd, const std::string& step) {
  cmd.env["LC_ALL"] = "C";
  CommandResult r = runner.run(cmd);
  if (r.exit_code != 0)
    throw Error(ErrorKind::environment, step + " failed:\n" + r.output);
  return r;
}

}  // namespace

std::vector<std::string> disallowed_version_needs(const std::string& readelf_v, const AllowedVersions& allowed) {
  std::vector<std::string> bad;
  std::istringstream in(readelf_v);
  for (std::string line; std::getline(in, line);) {
    auto pos = line.find("Name: ");
    if (pos == std::string::npos || line.find("Flags:") == std::string::npos) continue;
    std::string v = line.substr(pos + 6);
    v = v.substr(0, v.find(' '));
    for (const char* dep : {"GLIBC_", "GLIBCXX_", "CXXABI_", "GCC_"})
      if (v.rfind(dep, 0) == 0 && !allowed.allows(v)) bad.push_back(v);
  }
  return bad;
}

void self_test(const CompatFlags& flags, const std::filesystem::path& layer_dir, const AllowedVersions& allowed,
               const std::filesystem::path& work, ProcessRunner& runner, const Toolchain& tc) {
  std::string archive = (layer_dir / k_archive_name).string();
  Command whole{{tc.cxx(), "-shared", "-o", (work / "whole.so").string(), "-L" + (layer_dir / "stubs").string(),
                 "-Wl,--whole-archive", archive, "-Wl,--no-whole-archive", "-Wl,--no-undefined", "-lgcc"}, {}, {}};
  must(runner, whole, "linking every compat archive member with --no-undefined");

  write_file_atomic(work / "probe.cpp", k_probe);
  write_file_atomic(work / "host.c", k_host);
  Command compile{{tc.cxx(), "-O2", "-fPIC", "-std=gnu++17", "-c", (work / "probe.cpp").string(), "-o",
                   (work / "probe.o").string()}, {}, {}};
  compile.argv.insert(compile.argv.end(), flags.cxx_flags.begin(), flags.cxx_flags.end());
  must(runner, compile, "compiling the probe");
  Command link{{tc.cxx(), "-shared", "-o", (work / "probe.so").string(), (work / "probe.o").string(),
                "-Wl,--no-undefined"}, {}, {}};
  link.argv.insert(link.argv.end(), flags.link_flags.begin(), flags.link_flags.end());
  must(runner, link, "linking the probe with --no-undefined against the stubs");
  std::vector<std::string> bad =
      disallowed_version_needs(must(runner, {{"readelf", "-W", "-V", (work / "probe.so").string()}, {}, {}},
                                    "readelf -V probe.so").output, allowed);
  if (!bad.empty())
    throw Error(ErrorKind::environment, "the probe needs " + bad.front() + " (and " + std::to_string(bad.size() - 1) +
                                            " more) beyond the policy");
  must(runner, {{tc.cc(), "-o", (work / "host").string(), (work / "host.c").string(), "-ldl"}, {}, {}},
       "compiling the probe host");
  if (tc.cross() && tc.emulator.empty())
    throw Error(ErrorKind::environment, "cannot run the " + tc.cpu + " probe: no qemu-" + tc.cpu + "-static on PATH",
                "install qemu-user-static (make deps does)");
  Command host{tc.emulator, {}, {}};
  host.argv.push_back((work / "host").string());
  host.argv.push_back((work / "probe.so").string());
  must(runner, host, "loading and running the probe" + std::string(tc.cross() ? " under " + tc.emulator.front() : ""));
}

}  // namespace kb::build::compat
