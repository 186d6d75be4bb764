// SPDX-License-Identifier: Apache-2.0
#include "publish/target_defaults.hpp"

#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "core/error.hpp"

namespace kb::publish {

namespace {

Target from_build_toml(const TreeSource& src) {
  Target t;
  if (src.build_toml.empty()) return t;
  try {
    toml::table doc = toml::parse(src.build_toml);
    t.repo_id = doc["general"]["hub"]["repo-id"].value_or(std::string());
    t.branch = doc["general"]["hub"]["branch"].value_or(std::string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << src.describe << ": build.toml: " << e.description() << " (line " << e.source().begin.line << ")";
    throw Error(ErrorKind::bad_input, msg.str(), "fix build.toml, or pass --repo-id and --branch");
  }
  return t;
}

std::string version_branch(const TreeSource& src) {
  std::set<std::uint64_t> versions;
  for (std::size_t i = 0; i < src.files.size(); ++i) {
    const std::string& rel = src.files[i].rel;
    if (rel.size() < 14 || rel.compare(rel.size() - 14, 14, "/metadata.json") != 0 ||
        std::count(rel.begin(), rel.end(), '/') != 1)
      continue;
    auto j = nlohmann::json::parse(src.read_all(i), nullptr, false);
    if (!j.is_object() || !j.contains("version") || !j["version"].is_number_unsigned())
      throw Error(ErrorKind::bad_input, src.describe + ": " + rel + ": no unsigned integer \"version\"",
                  "rebuild the variant, or pass --branch");
    versions.insert(j["version"].get<std::uint64_t>());
  }
  if (versions.size() != 1)
    throw Error(ErrorKind::bad_input, src.describe + ": the variants' metadata.json disagree on \"version\"",
                "rebuild every variant from one build.toml, or pass --branch");
  return "v" + std::to_string(*versions.begin());
}

}  // namespace

void check_repo_id(const std::string& id) {
  static const std::regex k_id(R"(^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$)");
  if (!std::regex_match(id, k_id) || id.find("..") != std::string::npos)
    throw Error(ErrorKind::usage, "repo id \"" + id + "\" is not of the form ORG/NAME", "e.g. --repo-id my-org/relu");
}

Target resolve_target(const TreeSource& src, Target given) {
  Target toml = from_build_toml(src);
  if (given.repo_id.empty()) given.repo_id = toml.repo_id;
  if (given.repo_id.empty())
    throw Error(ErrorKind::usage, src.describe + ": no repo id",
                "pass --repo-id ORG/NAME or set general.hub.repo-id in build.toml");
  check_repo_id(given.repo_id);
  if (given.branch.empty()) given.branch = toml.branch;
  if (given.branch.empty()) given.branch = version_branch(src);
  return given;
}

}  // namespace kb::publish
