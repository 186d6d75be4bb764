// SPDX-License-Identifier: Apache-2.0
#include "inspect/catalog_data.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "inspect/embedded_data.hpp"

namespace kb::inspect {

namespace {

using json = nlohmann::json;

json parse(std::string_view name) {
  json j = json::parse(embedded_data(name), nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::environment, "embedded " + std::string(name) + " is not valid JSON");
  return j;
}

void read_deps(const json& table, std::map<std::string, std::vector<std::string>>& out) {
  for (auto it = table.begin(); it != table.end(); ++it)
    out[it.key()] = it->value("import", std::vector<std::string>{});
}

CatalogData load() {
  CatalogData d;
  json variants = parse("variants.json");
  for (auto& [system, backends] : variants.at("required").items())
    for (auto& [backend, names] : backends.items()) d.required_variants[system][backend] = names.get<std::vector<std::string>>();
  json deps = parse("python_depends.json");
  read_deps(deps.at("general"), d.python_depends["general"]);
  for (auto& [backend, table] : deps.at("backends").items()) read_deps(table, d.python_depends[backend]);
  std::istringstream lines{std::string(embedded_data("python_stdlib.txt"))};
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') d.stdlib_modules.insert(line);
  return d;
}

}  // namespace

const CatalogData& catalog_data() {
  static const CatalogData k_data = load();
  return k_data;
}

}  // namespace kb::inspect
