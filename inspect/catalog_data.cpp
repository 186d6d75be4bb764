// SPDX-License-Identifier: Apache-2.0
#include "inspect/catalog_data.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/embedded_data.hpp"
#include "core/python_depends.hpp"

namespace kb::inspect {

namespace {

using json = nlohmann::json;

json parse(std::string_view name) {
  json j = json::parse(embedded_data(name), nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::environment, "embedded " + std::string(name) + " is not valid JSON");
  return j;
}

CatalogData load() {
  CatalogData d;
  json variants = parse("variants.json");
  for (auto& [system, backends] : variants.at("required").items())
    for (auto& [backend, names] : backends.items()) d.required_variants[system][backend] = names.get<std::vector<std::string>>();
  d.python_depends = python_depends_table();
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
