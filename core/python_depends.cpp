// SPDX-License-Identifier: Apache-2.0
#include "core/python_depends.hpp"

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace kb {
namespace {

using json = nlohmann::json;

PythonDependsScope read_scope(const json& table) {
  PythonDependsScope out;
  for (auto it = table.begin(); it != table.end(); ++it)
    out[it.key()] = it->value("import", std::vector<std::string>{});
  return out;
}

std::map<std::string, PythonDependsScope> load() {
  json j = json::parse(embedded_data("python_depends.json"), nullptr, false);
  if (j.is_discarded() || !j.contains("general") || !j.contains("backends"))
    throw Error(ErrorKind::environment, "embedded python_depends.json is not the expected table",
                "rebuild kb from an unmodified checkout");
  std::map<std::string, PythonDependsScope> out;
  out["general"] = read_scope(j.at("general"));
  for (auto& [backend, table] : j.at("backends").items()) out[backend] = read_scope(table);
  return out;
}

}  // namespace

const std::map<std::string, PythonDependsScope>& python_depends_table() {
  static const auto k_table = load();
  return k_table;
}

const PythonDependsScope& python_depends_for(const std::string& scope) {
  static const PythonDependsScope k_none;
  const auto& t = python_depends_table();
  auto it = t.find(scope);
  return it == t.end() ? k_none : it->second;
}

}  // namespace kb
