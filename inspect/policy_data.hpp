// SPDX-License-Identifier: Apache-2.0
// Policy tables loaded from core/data (embedded into kb at build time): manylinux policies,
// CPython's stable_abi.toml, Torch stable-ABI shim versions. Rule code holds logic, not tables.
// core/data/README.md records where each file comes from and its licence.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/inspect.hpp"
#include "core/version_number.hpp"

namespace kb::inspect {

struct ManylinuxPolicy {
  std::string name;                  // manylinux_2_28
  std::vector<std::string> aliases;  // manylinux2014 ...
  // arch ("x86_64") -> dep ("GLIBC") -> allowed version tokens, numeric ones normalized by
  // normalize_version_token ("2.2.5", "7", "TM_1", "ABI_DT_RELR").
  std::map<std::string, std::map<std::string, std::set<std::string>>> symbol_versions;
  std::set<std::string> lib_whitelist;  // sonames allowed in DT_NEEDED
};

struct PolicyData {
  // Every policy by name and aliases; load_policy_data fills the symbol tables and whitelist of the
  // selected one only (building all 16 costs ~20 ms per run, the ELF rules' whole budget).
  std::vector<ManylinuxPolicy> manylinux;
  const ManylinuxPolicy* selected = nullptr;  // the one Options::policy names
  // CPython stable ABI: symbol -> version added ("3.2"), functions and data.
  std::map<std::string, std::string> stable_abi;
  // Torch stable-ABI shim: symbol -> torch version ("2.10").
  std::map<std::string, std::string> torch_shims;
  VersionNumbers python_abi;                      // Options::python_abi parsed ({3, 9})
  std::optional<VersionNumbers> torch_stable_abi;  // Options::torch_stable_abi; nullopt: off

  PolicyData() = default;
  // `selected` points into `manylinux`: copies re-point it.
  PolicyData(const PolicyData& o) { *this = o; }
  PolicyData& operator=(const PolicyData& o);
};

// Loads the embedded tables and selects the policy. Throws Error(usage) for an unknown policy
// name or a malformed --python-abi / --torch-stable-abi, listing the valid choices.
PolicyData load_policy_data(const Options& options);

// The parsers behind load_policy_data, for tests. Throw Error(bad_input) on malformed data.
// With `only` set, policies not called that (by name or alias) keep just their names.
std::vector<ManylinuxPolicy> parse_manylinux_policies(std::string_view json_text, const std::string& only = {});
std::map<std::string, std::string> parse_stable_abi(std::string_view toml_text);
std::map<std::string, std::string> parse_torch_shims(std::string_view text);

}  // namespace kb::inspect
