// SPDX-License-Identifier: Apache-2.0
// Text and JSON renderings of a Report; no rule prints anything itself.
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "inspect/inspect.hpp"

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

std::string render_text(const Report& report, bool color) {
  std::ostringstream out;
  const char* reset = color ? "\033[0m" : "";
  for (const TargetReport& t : report.targets) {
    // Group findings by file so a tree reads as one block per .so, like check-abi.
    std::map<std::string, std::vector<const Finding*>> by_file;
    for (const Finding& f : t.findings) by_file[f.file].push_back(&f);
    out << "== " << t.path << " (" << t.kind << ")\n";
    if (t.findings.empty()) out << "  ok: no findings\n";
    for (const auto& [file, findings] : by_file) {
      if (file != t.path) out << "  " << file << "\n";
      for (const Finding* f : findings) {
        out << "    " << (color ? colour_for(f->severity) : "") << to_string(f->severity) << reset << " "
            << f->rule << ": " << f->message;
        if (!f->subject.empty() && f->message.find(f->subject) == std::string::npos) out << " [" << f->subject << "]";
        out << "\n";
        if (!f->hint.empty()) out << "      hint: " << f->hint << "\n";
      }
    }
  }
  out << report.count(Severity::error) << " error(s), " << report.count(Severity::warning) << " warning(s) in "
      << report.files << " file(s)\n";
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
    for (auto it = t.extra.begin(); it != t.extra.end(); ++it) jt[it.key()] = *it;
    root["targets"].push_back(std::move(jt));
  }
  root["summary"] = {{"errors", report.count(Severity::error)},
                     {"warnings", report.count(Severity::warning)},
                     {"files", report.files}};
  return root.dump(2) + "\n";
}

}  // namespace kb::inspect

