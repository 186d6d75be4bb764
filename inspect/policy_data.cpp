// SPDX-License-Identifier: Apache-2.0
#include "inspect/policy_data.hpp"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/embedded_data.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

namespace {

ManylinuxPolicy policy_from_json(const nlohmann::json& p, const std::string& only) {
  ManylinuxPolicy out;
  out.name = p.at("name").get<std::string>();
  out.aliases = p.value("aliases", std::vector<std::string>{});
  bool wanted = only.empty() || out.name == only ||
                std::find(out.aliases.begin(), out.aliases.end(), only) != out.aliases.end();
  if (!wanted) return out;
  for (const auto& [arch, deps] : p.at("symbol_versions").items())
    for (const auto& [dep, tokens] : deps.items())
      for (const auto& t : tokens) out.symbol_versions[arch][dep].insert(normalize_version_token(t.get<std::string>()));
  for (const auto& lib : p.value("lib_whitelist", std::vector<std::string>{})) out.lib_whitelist.insert(lib);
  // "blacklist" (symbols of whitelisted libs that auditwheel forbids) is not enforced by any kb
  // rule, so it is not read: data nobody checks would only look enforced.
  return out;
}

std::string policy_names(const std::vector<ManylinuxPolicy>& policies) {
  std::string out;
  for (const auto& p : policies) {
    out += (out.empty() ? "" : ", ") + p.name;
    for (const auto& a : p.aliases) out += " (" + a + ")";
  }
  return out;
}

const ManylinuxPolicy* find_policy(const std::vector<ManylinuxPolicy>& policies, const std::string& name) {
  for (const auto& p : policies) {
    if (p.name == name) return &p;
    for (const auto& a : p.aliases)
      if (a == name) return &p;
  }
  return nullptr;
}

// "3.9" / "2.12": exactly major.minor, the form both ABI options take.
VersionNumbers parse_major_minor(const std::string& value, const char* option, const char* example) {
  std::optional<VersionNumbers> v = parse_version(value);
  if (!v || v->size() != 2)
    throw Error(ErrorKind::usage, std::string(option) + ": malformed version \"" + value + "\"",
                std::string("expected MAJOR.MINOR, e.g. ") + option + " " + example);
  return *v;
}

}  // namespace

PolicyData& PolicyData::operator=(const PolicyData& o) {
  manylinux = o.manylinux;
  selected = o.selected ? &manylinux[size_t(o.selected - o.manylinux.data())] : nullptr;
  stable_abi = o.stable_abi;
  torch_shims = o.torch_shims;
  python_abi = o.python_abi;
  torch_stable_abi = o.torch_stable_abi;
  return *this;
}

std::vector<ManylinuxPolicy> parse_manylinux_policies(std::string_view json_text, const std::string& only) {
  std::vector<ManylinuxPolicy> out;
  try {
    for (const auto& p : nlohmann::json::parse(json_text)) {
      // The pseudo-policy "linux" has no symbol tables: nothing to check against.
      if (p.at("symbol_versions").empty()) continue;
      out.push_back(policy_from_json(p, only));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::bad_input, std::string("manylinux-policy.json: ") + e.what());
  }
  return out;
}

std::map<std::string, std::string> parse_stable_abi(std::string_view toml_text) {
  std::map<std::string, std::string> out;
  try {
    toml::table root = toml::parse(toml_text, std::string_view("stable_abi.toml"));
    // Only exported symbols matter to a linker: functions and data. abi_only and ifdef
    // entries are still exported by libpython, so they count as allowed.
    for (const char* kind : {"function", "data"}) {
      const toml::table* items = root[kind].as_table();
      if (!items) continue;
      for (const auto& [name, item] : *items) {
        const toml::table* t = item.as_table();
        std::optional<std::string> added = t ? (*t)["added"].value<std::string>() : std::nullopt;
        if (!added) throw Error(ErrorKind::bad_input, "stable_abi.toml: " + std::string(kind) + "." +
                                                          std::string(name.str()) + " has no 'added' version");
        out[std::string(name.str())] = *added;
      }
    }
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::bad_input, std::string("stable_abi.toml: ") + std::string(e.description()));
  }
  return out;
}

std::map<std::string, std::string> parse_torch_shims(std::string_view text) {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(text)};
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, version, extra;
    if (!(fields >> name >> version) || (fields >> extra) || !parse_version(version))
      throw Error(ErrorKind::bad_input, "torch_shim_versions.txt:" + std::to_string(n) + ": expected \"<symbol> <X.Y>\"");
    out[name] = version;
  }
  return out;
}

std::vector<ManylinuxPolicy> all_manylinux_policies() {
  return parse_manylinux_policies(embedded_data("manylinux-policy.json"));
}

PolicyData load_policy_data(const Options& options) {
  PolicyData data;
  data.manylinux = parse_manylinux_policies(embedded_data("manylinux-policy.json"), options.policy);
  data.selected = find_policy(data.manylinux, options.policy);
  if (!data.selected)
    throw Error(ErrorKind::usage, "--policy: unknown manylinux policy \"" + options.policy + "\"",
                "expected one of " + policy_names(data.manylinux));
  data.python_abi = parse_major_minor(options.python_abi, "--python-abi", "3.9");
  if (!options.torch_stable_abi.empty())
    data.torch_stable_abi = parse_major_minor(options.torch_stable_abi, "--torch-stable-abi", "2.10");
  data.stable_abi = parse_stable_abi(embedded_data("stable_abi.toml"));
  data.torch_shims = parse_torch_shims(embedded_data("torch_shim_versions.txt"));
  return data;
}

}  // namespace kb::inspect
