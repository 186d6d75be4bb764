// SPDX-License-Identifier: Apache-2.0
// Policy tables loaded from inspect/data (embedded into kb at build time): manylinux policies,
// CPython's stable_abi.toml, Torch stable-ABI shim versions. Rule code holds logic, not tables.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "inspect/inspect.hpp"

namespace kb::inspect {

struct ManylinuxPolicy {
  std::string name;                  // manylinux_2_28
  std::vector<std::string> aliases;  // manylinux2014 ...
  // arch ("x86_64") -> dep ("GLIBC") -> allowed version tokens ("2.2.5", "CXXABI_TM_1"...)
  std::map<std::string, std::map<std::string, std::set<std::string>>> symbol_versions;
  std::set<std::string> lib_whitelist;  // sonames allowed in DT_NEEDED
};

struct PolicyData {
  std::vector<ManylinuxPolicy> manylinux;
  const ManylinuxPolicy* selected = nullptr;  // the one Options::policy names
  // CPython stable ABI: symbol -> version added ("3.2"), functions and data.
  std::map<std::string, std::string> stable_abi;
  // Torch stable-ABI shim: symbol -> torch version ("2.10").
  std::map<std::string, std::string> torch_shims;
};

// Loads the tables and selects the policy. Throws Error(usage) for an unknown policy name
// or a malformed version option, listing the valid choices.
PolicyData load_policy_data(const Options& options);

}  // namespace kb::inspect
