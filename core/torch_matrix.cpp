// SPDX-License-Identifier: Apache-2.0
#include "core/torch_matrix.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/variant.hpp"

namespace kb {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

[[noreturn]] void bad(const std::string& origin, const std::string& where, const std::string& why,
                      const std::string& hint = "") {
  throw Error(ErrorKind::bad_input, origin + ": " + where + ": " + why,
              hint.empty() ? "the format is documented in core/data/matrix.json's \"about\"" : hint);
}

json parse_object(std::string_view text, const std::string& origin) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) bad(origin, "(document)", "not a JSON object");
  return j;
}

std::vector<std::string> strings(const json& j, const std::string& origin, const std::string& where) {
  if (!j.is_array()) bad(origin, where, "must be a list of strings");
  std::vector<std::string> out;
  for (const json& s : j) {
    if (!s.is_string()) bad(origin, where, "must be a list of strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

// build-variants.json: {"<cpu>-<os>": {"<backend>": ["torch212-cxx11-cu130-x86_64-linux", ...]}}
std::map<std::string, std::map<std::string, std::vector<std::string>>> read_required(const json& j, const std::string& origin) {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> out;
  if (!j.is_object()) bad(origin, "required", "must map \"<cpu>-<os>\" to backends");
  for (auto sys_it = j.begin(); sys_it != j.end(); ++sys_it) {
    const std::string& system = sys_it.key();
    if (!sys_it->is_object()) bad(origin, system, "must map backends to lists of variant names");
    for (auto be_it = sys_it->begin(); be_it != sys_it->end(); ++be_it) {
      const std::string& backend = be_it.key();
      std::string where = system + "." + backend;
      for (const std::string& n : strings(be_it.value(), origin, where)) {
        std::optional<Variant> v = parse_variant(n);
        if (!v || v->is_noarch())
          bad(origin, where, "\"" + n + "\" is not a variant name", "expected e.g. torch212-cxx11-cu130-x86_64-linux");
        if (v->backend != backend || v->cpu + "-" + v->os != system)
          bad(origin, where, "\"" + n + "\" is a " + v->backend + " variant for " + v->cpu + "-" + v->os,
              "move it under \"" + v->cpu + "-" + v->os + "\".\"" + v->backend + "\"");
        out[system][backend].push_back(n);
      }
    }
  }
  return out;
}

TorchReleaseInfo read_release(const json& r, const std::string& origin, size_t i) {
  std::string where = "torch[" + std::to_string(i) + "]";
  if (!r.is_object() || !r.contains("version") || !r["version"].is_string())
    bad(origin, where, "needs \"version\" (a string)");
  TorchReleaseInfo t;
  t.version = r["version"].get<std::string>();
  t.cuda = r.value("cuda", "");
  t.cxx_abi = r.value("cxx_abi", "cxx11");
  return t;
}

}  // namespace

std::string unflatten_version(const std::string& flat) {
  if (flat.size() < 2) return flat;
  return flat.substr(0, flat.size() - 1) + "." + flat.substr(flat.size() - 1);
}

TorchMatrix parse_torch_matrix(std::string_view text, const std::string& origin) {
  json j = parse_object(text, origin);
  TorchMatrix m;
  m.about = j.value("about", "");
  m.required = read_required(j.value("required", json::object()), origin);
  const json torch = j.value("torch", json::array());
  for (size_t i = 0; i < torch.size(); ++i) m.torch.push_back(read_release(torch[i], origin, i));
  const json archs_table = j.value("cuda_archs", json::object());
  for (auto it = archs_table.begin(); it != archs_table.end(); ++it)
    m.cuda_archs[it.key()] = strings(it.value(), origin, "cuda_archs." + it.key());
  const json toolkits = j.value("cuda_toolkits", json::object());
  for (auto it = toolkits.begin(); it != toolkits.end(); ++it) {
    const std::string where = "cuda_toolkits." + it.key();
    if (!it->is_object()) bad(origin, where, "must map wheel names to exact versions");
    for (auto pin = it->begin(); pin != it->end(); ++pin) {
      if (!pin->is_string()) bad(origin, where + "." + pin.key(), "must be a version string");
      m.cuda_toolkits[it.key()].emplace_back(pin.key(), pin->get<std::string>());
    }
  }
  return m;
}

const TorchMatrix& torch_matrix() {
  static const TorchMatrix k_matrix = parse_torch_matrix(embedded_data("matrix.json"), "core/data/matrix.json (embedded)");
  return k_matrix;
}

TorchMatrix import_build_variants(const TorchMatrix& base, std::string_view text, const std::string& origin) {
  TorchMatrix m = base;
  m.required = read_required(parse_object(text, origin), origin);
  return m;
}

std::vector<MatrixEntry> TorchMatrix::entries() const {
  std::vector<MatrixEntry> out;
  std::set<std::string> seen;
  auto add = [&](const Variant& v, bool required) {
    std::string name = v.name();
    if (!seen.insert(name).second) return;
    std::string mm = std::to_string(v.torch_major) + "." + std::to_string(v.torch_minor);
    out.push_back({mm, v.backend, unflatten_version(v.backend_version), v.cpu, v.os, required, name});
  };
  for (const auto& [system, backends] : required)
    for (const auto& [backend, names] : backends)
      for (const std::string& n : names) add(*parse_variant(n), true);
  for (const TorchReleaseInfo& t : torch) {
    Variant v;
    size_t dot = t.version.find('.');
    v.torch_major = std::stoi(t.version.substr(0, dot));
    v.torch_minor = std::stoi(t.version.substr(dot + 1));
    v.cxx_abi = t.cxx_abi;
    v.cpu = "x86_64";
    v.os = "linux";
    v.backend = "cpu";
    add(v, false);
    if (t.cuda.empty()) continue;
    v.backend = "cuda";
    v.backend_version = flatten_version(t.cuda);
    add(v, false);
  }
  std::sort(out.begin(), out.end(), [](const MatrixEntry& a, const MatrixEntry& b) {
    return std::tie(a.cpu, a.os, a.backend, a.name) < std::tie(b.cpu, b.os, b.backend, b.name);
  });
  return out;
}

std::string torch_matrix_to_json(const TorchMatrix& m) {
  ojson j = ojson::object();
  j["about"] = m.about;
  j["required"] = m.required;
  ojson torch = ojson::array();
  for (const TorchReleaseInfo& t : m.torch) torch.push_back({{"version", t.version}, {"cuda", t.cuda}, {"cxx_abi", t.cxx_abi}});
  j["torch"] = torch;
  j["cuda_archs"] = m.cuda_archs;
  ojson kits = ojson::object();
  for (const auto& [cuda, pins] : m.cuda_toolkits)
    for (const auto& [wheel, version] : pins) kits[cuda][wheel] = version;
  j["cuda_toolkits"] = kits;
  return j.dump(2) + "\n";
}

}  // namespace kb
