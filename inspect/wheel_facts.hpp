// SPDX-License-Identifier: Apache-2.0
// What `kb inspect --profile wheel` knows about one Python wheel: the tags its file name claims
// and the facts of every ELF member (shared objects, executables, standalone cubins), found by
// content. The wheel rules (inspect/rules/wheel_*.cpp) compare the claims with the symbols.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inspect/so_facts.hpp"

namespace kb::inspect {

// The tags of a wheel file name (PEP 427): {name}-{ver}(-{build})?-{python}-{abi}-{platform}.whl,
// each tag possibly a '.'-joined set.
struct WheelTags {
  std::string name, version;
  std::vector<std::string> python;    // "cp38", "py3"
  std::vector<std::string> abi;       // "abi3", "cp312", "none"
  std::vector<std::string> platform;  // "manylinux_2_28_x86_64", "manylinux2014_x86_64", "any"
};

// nullopt when the file name does not have the wheel shape.
std::optional<WheelTags> parse_wheel_name(const std::string& file_name);

// The manylinux policy a platform tag claims ("manylinux2014_x86_64" -> "manylinux_2_17"), and
// its arch; nullopt for tags that claim none (linux_x86_64, any, macOS).
struct ManylinuxClaim {
  std::string policy;  // "manylinux_2_28"
  std::string arch;    // "x86_64"
};
std::optional<ManylinuxClaim> manylinux_claim(const std::string& platform_tag);

// The newest CPython stable-ABI version an abi3 wheel promises: the lowest cpXY python tag
// ("cp38" -> "3.8"); nullopt when the abi tag is not abi3.
std::optional<std::string> abi3_floor(const WheelTags& tags);

struct WheelMember {
  std::string rel;                 // member name inside the wheel
  std::optional<SoFacts> facts;    // nullopt: unreadable (input.unreadable says why)
  // The oldest manylinux policy whose symbol versions cover this file's needs on its machine
  // ("manylinux_2_5" for none), "" when none does (GLIBC_PRIVATE) or the machine has no table.
  std::string min_policy;
  std::string min_policy_because;  // the need that decided it, e.g. "GLIBC_2.28 (libc.so.6)"
};

struct ManylinuxPolicy;
// Fills WheelMember::min_policy from every policy's tables (parse_manylinux_policies, all loaded).
void find_min_policy(const std::vector<ManylinuxPolicy>& policies, WheelMember& m);
// Every embedded manylinux policy with its full tables, oldest first (policy_data.cpp).
std::vector<ManylinuxPolicy> all_manylinux_policies();
// "manylinux_2_28" -> 28; 0 for anything else.
unsigned glibc_minor(const std::string& policy);

struct WheelFacts {
  std::string path;  // the .whl as given
  std::optional<WheelTags> tags;
  std::vector<WheelMember> elf;          // every ELF member (not .o files), sorted by rel
  std::vector<std::string> members;      // every member name (bundled-library lookup)
  // Other wheels inspected in the same run (op namespaces shared across wheels); set by the driver.
  std::vector<const WheelFacts*> peers;
};

// The GPU generation an SM number belongs to ("Hopper"), for the wheel summary.
std::string gpu_generation(unsigned sm);

}  // namespace kb::inspect
