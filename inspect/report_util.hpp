// SPDX-License-Identifier: Apache-2.0
// Internal helpers shared by the report renderers (text, SARIF, JUnit, HTML).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/finding.hpp"

namespace kb::inspect {

// A path as a URI reference: bytes outside RFC 3986's unreserved set and '/' percent-encoded.
std::string uri_reference(const std::string& path);

// Text escaped for XML and HTML element content and double-quoted attribute values.
std::string markup_escape(const std::string& text);

// A target's findings grouped like the text report: by file, then by consecutive rule and
// severity (findings are sorted by file, rule, subject).
using FindingGroups = std::map<std::string, std::vector<std::vector<const Finding*>>>;
FindingGroups group_findings(const TargetReport& t);

}  // namespace kb::inspect
