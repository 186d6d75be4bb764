// SPDX-License-Identifier: Apache-2.0
// kb::inspect report formats beyond text and JSON, and the --profile entry point. Public, like
// inspect/inspect.hpp (kept apart so that header, included across kb, stays unchanged).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "inspect/inspect.hpp"

namespace kb::inspect {

// inspect() under a profile: "hub" (Hub kernel trees: inspect() itself) or "wheel" (each .whl,
// and every .whl under a directory input, audited as a Python wheel; README "Profiles").
// Throws Error(usage) for another profile name.
Report inspect(const std::vector<std::filesystem::path>& inputs, const Options& options, const std::string& profile);

// SARIF 2.1.0: one run, every rule's --explain text as its descriptor, one result per finding.
std::string render_sarif(const Report& report);
// JUnit XML: a suite per input, a case per checked file x per-file rule (and input x tree or
// wheel rule), failing on error findings; `options.ignore` leaves rules out.
std::string render_junit(const Report& report, const Options& options);
// One self-contained HTML page: verdict, a files x sm_XX matrix of SASS, PTX and PTX-JIT
// coverage, and the findings grouped like the text report.
std::string render_html(const Report& report);

// TargetReport::extra members whose names start with '_' are for these renderers and are not
// written by render_json: "_checked" (every file the per-file rules ran on) and "_tree_rules"
// (true when the tree rules ran on the target).

}  // namespace kb::inspect
