// SPDX-License-Identifier: Apache-2.0
#include "inspect/report_util.hpp"

#include <cstdio>

namespace kb::inspect {

std::string uri_reference(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string markup_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // XML 1.0 forbids most control characters even as references; messages never need them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += "?";
        else out += c;
    }
  }
  return out;
}

FindingGroups group_findings(const TargetReport& t) {
  FindingGroups by_file;
  for (const Finding& f : t.findings) {
    auto& groups = by_file[f.file];
    if (groups.empty() || groups.back().front()->rule != f.rule || groups.back().front()->severity != f.severity)
      groups.emplace_back();
    groups.back().push_back(&f);
  }
  return by_file;
}

}  // namespace kb::inspect
