// SPDX-License-Identifier: Apache-2.0
// The C/C++ toolchain a variant is built with: the host's g++ for the host's machine, or a
// Debian cross g++ (aarch64-linux-gnu-g++) for another one, plus how to run that machine's
// programs here (qemu-user), which the compat layer's self-test needs. docs/cross.md explains
// the set-up.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace kb::build {

struct Toolchain {
  std::string cpu = "x86_64";         // the target machine as variant names spell it
  std::string prefix;                 // "" for the host's tools, "aarch64-linux-gnu-" for a cross one
  std::vector<std::string> emulator;  // prefix that runs a target program here; empty: run it directly

  bool cross() const { return !prefix.empty(); }
  std::string cxx() const { return prefix + "g++"; }
  std::string cc() const { return prefix + "gcc"; }
  // Binutils that write target objects (ar, objcopy); readelf reads every machine as it is.
  std::string tool(const std::string& name) const { return prefix + name; }
  // The dynamic loader libc.so's linker script names on this machine.
  std::string ld_so() const;
};

// The machine kb itself runs on ("x86_64", "aarch64").
std::string host_cpu();

// The host's own toolchain.
Toolchain host_toolchain();

// The toolchain for `cpu`: the host's when it is the host's machine, else Debian's cross g++
// when it is on PATH (nullopt otherwise). The emulator is qemu-user's, when installed.
std::optional<Toolchain> find_toolchain(const std::string& cpu);

// The machines kb can build for here besides the host's (a cross g++ is on PATH).
std::vector<std::string> cross_cpus();

}  // namespace kb::build
