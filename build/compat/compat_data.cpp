// SPDX-License-Identifier: Apache-2.0
#include "build/compat/compat_data.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace kb::build::compat {
namespace {

MemberAction parse_action(const std::string& a, const std::string& member) {
  if (a == "take") return MemberAction::take;
  if (a == "deny") return MemberAction::deny;
  if (a == "privatise") return MemberAction::privatise;
  throw Error(ErrorKind::bad_input, "compat-symbols.json: members." + member + ": unknown action \"" + a + "\"",
              "expected take, deny or privatise");
}

}  // namespace

CompatData parse_compat_data(const std::string& text) {
  CompatData d;
  try {
    nlohmann::json j = nlohmann::json::parse(text);
    for (const auto& m : j.at("macros_undefined")) d.macros_undefined.push_back(m.at("name"));
    for (const auto& p : j.at("pinned")) d.pinned_libraries.push_back(p.at("library"));
    for (const auto& p : j.at("dropped")) d.dropped_prefixes.push_back(p.at("prefix"));
    for (const auto& [name, m] : j.at("members").items())
      d.members[name] = {parse_action(m.at("action"), name), m.at("reason")};
    for (const auto& s : j.at("shims"))
      d.shims.push_back({s.at("id"), s.at("symbols").get<std::vector<std::string>>(), s.at("reason")});
    for (const auto& s : j.at("denied")) d.denied.push_back({s.at("match"), s.at("reason"), s.at("instead")});
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::bad_input, std::string("compat-symbols.json: ") + e.what(),
                "fix the data file; every entry needs its reason");
  }
  return d;
}

const std::string& compat_data_text() {
  static const std::string text{embedded_data("compat-symbols.json")};
  return text;
}

const CompatData& compat_data() {
  static const CompatData data = parse_compat_data(compat_data_text());
  return data;
}

const DeniedEntry* find_denied(const CompatData& data, const std::string& mangled, const std::string& demangled) {
  for (const DeniedEntry& d : data.denied) {
    bool plain_c = d.match.find_first_of(":<( ") == std::string::npos;
    // C names match by prefix of the raw name; C++ ones inside the demangled name.
    if (plain_c ? mangled.rfind(d.match, 0) == 0 : demangled.find(d.match) != std::string::npos) return &d;
  }
  return nullptr;
}

std::string demangle(const std::string& name) {
  int status = 0;
  char* out = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !out) return name;
  std::string s = out;
  std::free(out);
  return s;
}

}  // namespace kb::build::compat
