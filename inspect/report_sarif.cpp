// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 rendering of a Report: one run, the list of kb's rules (kb inspect --explain) as the
// driver's rules, one result per finding. Code-scanning services (GitHub, GitLab) read this.
#include <nlohmann/json.hpp>

#include "core/version.hpp"
#include "inspect/report_formats.hpp"
#include "inspect/report_util.hpp"
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

namespace {

using ojson = nlohmann::ordered_json;

// SARIF levels: "note" is its name for kb's info.
const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "error";
}

ojson rule_descriptor(const Rule& r) {
  ojson d;
  d["id"] = r.id;
  d["shortDescription"] = {{"text", r.summary}};
  d["fullDescription"] = {{"text", r.explanation}};
  d["help"] = {{"text", r.explanation}};
  d["defaultConfiguration"] = {{"level", sarif_level(r.severity)}};
  return d;
}

ojson result(const Finding& f, int rule_index) {
  ojson r;
  r["ruleId"] = f.rule;
  if (rule_index >= 0) r["ruleIndex"] = rule_index;
  r["level"] = sarif_level(f.severity);
  std::string text = f.message;
  if (!f.subject.empty() && text.find(f.subject) == std::string::npos) text += " [" + f.subject + "]";
  if (!f.hint.empty()) text += "\nhint: " + f.hint;
  r["message"] = {{"text", text}};
  r["locations"] = ojson::array({{{"physicalLocation", {{"artifactLocation", {{"uri", uri_reference(f.file)}}}}}}});
  // The subject is what makes two findings of one rule on one file distinct.
  r["partialFingerprints"] = {{"kbSubject/v1", f.rule + "|" + f.subject}};
  if (!f.subject.empty()) r["properties"] = {{"subject", f.subject}};
  return r;
}

}  // namespace

std::string render_sarif(const Report& report) {
  const std::vector<const Rule*>& rules = all_rules();  // input.unreadable included
  ojson driver;
  driver["name"] = "kb";
  driver["informationUri"] = "https://huggingface.co/docs/kernels";
  if (!kb_version().version.empty()) driver["version"] = kb_version().version;
  driver["rules"] = ojson::array();
  for (const Rule* r : rules) driver["rules"].push_back(rule_descriptor(*r));
  ojson results = ojson::array();
  for (const TargetReport& t : report.targets)
    for (const Finding& f : t.findings) {
      int index = -1;
      for (std::size_t i = 0; i < rules.size(); ++i)
        if (f.rule == rules[i]->id) index = static_cast<int>(i);
      results.push_back(result(f, index));
    }
  ojson run;
  run["tool"] = {{"driver", driver}};
  run["invocations"] = ojson::array({{{"executionSuccessful", !report.any_unreadable()}}});
  run["results"] = std::move(results);
  ojson root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ojson::array({std::move(run)});
  return root.dump(2) + "\n";
}

}  // namespace kb::inspect
