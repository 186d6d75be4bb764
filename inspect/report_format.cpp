// SPDX-License-Identifier: Apache-2.0
// Text and JSON renderings of a Report; no rule prints anything itself.
#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "inspect/fatbin_json.hpp"
#include "inspect/inspect.hpp"
#include "inspect/report_util.hpp"
#include "inspect/wheel_summary.hpp"
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

namespace {

const char* colour_for(Severity s) {
  switch (s) {
    case Severity::error: return "\033[31m";
    case Severity::warning: return "\033[33m";
    case Severity::info: return "\033[36m";
  }
  return "";
}

}  // namespace

namespace {

// One rule's findings on one file: a header naming the rule, then every subject.
void render_group(std::ostringstream& out, const std::vector<const Finding*>& group, bool color) {
  const Finding& first = *group.front();
  const char* reset = color ? "\033[0m" : "";
  const Rule* rule = find_rule(first.rule);
  out << "  " << (color ? colour_for(first.severity) : "") << to_string(first.severity) << reset << " "
      << (color ? "\033[1m" : "") << first.rule << reset;
  if (rule) out << ": " << rule->summary;
  out << "\n";
  std::vector<std::string> hints;  // each distinct hint once, after the symbols
  for (const Finding* f : group) {
    out << "    - " << f->message;
    if (!f->subject.empty() && f->message.find(f->subject) == std::string::npos) out << " [" << f->subject << "]";
    out << "\n";
    if (!f->hint.empty() && std::find(hints.begin(), hints.end(), f->hint) == hints.end()) hints.push_back(f->hint);
  }
  for (const std::string& h : hints) out << "    hint: " << h << "\n";
}

}  // namespace

// Modelled on kernel-builder check-abi: one block per file, findings grouped under the rule that
// found them, every offending symbol on its own line, one summary line at the end.
std::string render_text(const Report& report, bool color) {
  std::ostringstream out;
  std::map<std::string, int> errors_by_rule;
  for (const TargetReport& t : report.targets) {
    // Group findings by file, then rule (findings are sorted that way), so a tree reads as one
    // block per .so.
    const FindingGroups by_file = group_findings(t);
    for (const Finding& f : t.findings)
      if (f.severity == Severity::error) ++errors_by_rule[f.rule];
    out << "== " << t.path << " (" << t.kind << ")\n";
    if (t.extra.contains("wheel")) out << render_wheel_summary_text(t.extra["wheel"]);
    if (t.findings.empty()) out << "  ok: no findings\n";
    for (const auto& [file, groups] : by_file) {
      if (file != t.path) out << " " << file << "\n";
      for (const auto& group : groups) render_group(out, group, color);
    }
  }
  out << report.count(Severity::error) << " error(s), " << report.count(Severity::warning) << " warning(s) in "
      << report.files << " file(s)";
  const char* sep = "; errors by rule: ";
  for (const auto& [rule, n] : errors_by_rule) out << sep << rule << " " << n, sep = ", ";
  out << "\n";
  return out.str();
}

std::string render_json(const Report& report) {
  nlohmann::ordered_json root;
  root["schema"] = 1;
  root["targets"] = nlohmann::ordered_json::array();
  for (const TargetReport& t : report.targets) {
    nlohmann::ordered_json jt;
    jt["path"] = t.path;
    jt["kind"] = t.kind;
    jt["findings"] = nlohmann::ordered_json::array();
    for (const Finding& f : t.findings) {
      nlohmann::ordered_json jf;
      jf["rule"] = f.rule;
      jf["severity"] = to_string(f.severity);
      jf["message"] = f.message;
      jf["file"] = f.file;
      jf["subject"] = f.subject;
      if (!f.hint.empty()) jf["hint"] = f.hint;
      jt["findings"].push_back(std::move(jf));
    }
    const nlohmann::json extra = extra_with_cuda(t);
    for (auto it = extra.begin(); it != extra.end(); ++it)
      if (it.key().rfind('_', 0) != 0) jt[it.key()] = *it;  // "_" members are for other renderers
    root["targets"].push_back(std::move(jt));
  }
  root["summary"] = {{"errors", report.count(Severity::error)},
                     {"warnings", report.count(Severity::warning)},
                     {"files", report.files}};
  return root.dump(2) + "\n";
}

}  // namespace kb::inspect

