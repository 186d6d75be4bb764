// SPDX-License-Identifier: Apache-2.0
#include "build/toolchain.hpp"

#include <filesystem>

#include "core/process.hpp"

namespace kb::build {

namespace {

// Debian's cross packages (g++-aarch64-linux-gnu, libc6-dev-arm64-cross) use the GNU triplet as
// the tool prefix and install the target's libc under /usr/<triplet>.
std::string triplet(const std::string& cpu) { return cpu + "-linux-gnu"; }

}  // namespace

std::string Toolchain::ld_so() const {
  return cpu == "aarch64" ? "ld-linux-aarch64.so.1" : "ld-linux-x86-64.so.2";
}

std::string host_cpu() {
#if defined(__aarch64__)
  return "aarch64";
#else
  return "x86_64";
#endif
}

Toolchain host_toolchain() {
  Toolchain t;
  t.cpu = host_cpu();
  return t;
}

std::optional<Toolchain> find_toolchain(const std::string& cpu) {
  if (cpu == host_cpu()) return host_toolchain();
  if (cpu != "aarch64" && cpu != "x86_64") return std::nullopt;
  Toolchain t;
  t.cpu = cpu;
  t.prefix = triplet(cpu) + "-";
  if (find_program(t.cxx()).empty()) return std::nullopt;
  for (const std::string& qemu : {"qemu-" + cpu + "-static", "qemu-" + cpu})
    if (!find_program(qemu).empty()) {
      t.emulator = {qemu};
      // Without the multiarch libc6 (its loader in /lib), the cross sysroot serves as the prefix.
      // With it, no prefix: under Debian 12's qemu 7.2, `-L /usr/aarch64-linux-gnu` made a
      // pthread_join spin forever (measured; docs/cross.md).
      std::error_code ec;
      if (!std::filesystem::exists("/lib/" + t.ld_so(), ec)) t.emulator.insert(t.emulator.end(), {"-L", "/usr/" + triplet(cpu)});
      break;
    }
  return t;
}

std::vector<std::string> cross_cpus() {
  std::vector<std::string> out;
  for (const char* cpu : {"x86_64", "aarch64"})
    if (cpu != host_cpu() && find_toolchain(cpu)) out.push_back(cpu);
  return out;
}

}  // namespace kb::build
