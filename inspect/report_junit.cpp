// SPDX-License-Identifier: Apache-2.0
// JUnit XML rendering of a Report, for CI dashboards that show test results: one test suite per
// input, one test case per checked file x per-file rule (and per input x tree rule for trees),
// failing on an error finding. Warnings and infos pass and are listed in <system-out>.
#include <algorithm>
#include <set>
#include <sstream>

#include "inspect/checks.hpp"
#include "inspect/report_formats.hpp"
#include "inspect/report_util.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/wheel_rule.hpp"

namespace kb::inspect {

namespace {

struct Case {
  std::string classname;  // the file
  std::string name;       // the rule id
  std::vector<const Finding*> findings;
};

bool is_error(const Finding* f) { return f->severity == Severity::error; }

void write_case(std::ostringstream& out, const Case& c) {
  out << "    <testcase classname=\"" << markup_escape(c.classname) << "\" name=\"" << markup_escape(c.name) << "\"";
  if (c.findings.empty()) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  std::ostringstream errors, others;
  for (const Finding* f : c.findings) {
    std::ostringstream& o = is_error(f) ? errors : others;
    o << to_string(f->severity) << ": " << f->message;
    if (!f->subject.empty() && f->message.find(f->subject) == std::string::npos) o << " [" << f->subject << "]";
    if (!f->hint.empty()) o << "\n  hint: " << f->hint;
    o << "\n";
  }
  const auto first = std::find_if(c.findings.begin(), c.findings.end(), is_error);
  if (first != c.findings.end()) {
    // An unreadable input is a JUnit error (the check could not run), a rule error a failure.
    const char* tag = c.name == k_input_unreadable.id ? "error" : "failure";
    out << "      <" << tag << " type=\"" << markup_escape(c.name) << "\" message=\"" << markup_escape((*first)->message)
        << "\">" << markup_escape(errors.str()) << "</" << tag << ">\n";
  }
  if (!others.str().empty()) out << "      <system-out>" << markup_escape(others.str()) << "</system-out>\n";
  out << "    </testcase>\n";
}

std::vector<Case> cases_of(const TargetReport& t, const Options& options) {
  std::vector<Case> cases;
  const std::vector<std::string> files = t.extra.value("_checked", std::vector<std::string>{});
  const bool tree_rules = t.extra.value("_tree_rules", false);
  const std::set<std::string> checked(files.begin(), files.end());
  for (const std::string& file : files)
    for (const Rule* r : all_rules())
      if (r->check_so && !is_ignored(options, r->id)) cases.push_back({file, r->id, {}});
  if (tree_rules)
    for (const Rule* r : all_rules())
      if (r->check_tree && !is_ignored(options, r->id)) cases.push_back({t.path, r->id, {}});
  if (t.kind == "wheel")
    for (const Rule* r : all_rules())
      if (is_wheel_rule(*r) && !is_ignored(options, r->id)) cases.push_back({t.path, r->id, {}});
  for (const Finding& f : t.findings) {
    const bool own_case = checked.count(f.file) || (!tree_rules && t.kind != "wheel");
    const std::string file = own_case ? f.file : t.path;
    auto it = std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.classname == file && c.name == f.rule; });
    if (it == cases.end()) it = cases.insert(cases.end(), Case{file, f.rule, {}});
    it->findings.push_back(&f);
  }
  return cases;
}

}  // namespace

std::string render_junit(const Report& report, const Options& options) {
  std::ostringstream body;
  int tests = 0, failures = 0, errors = 0;
  for (const TargetReport& t : report.targets) {
    const std::vector<Case> cases = cases_of(t, options);
    int f = 0, e = 0;
    for (const Case& c : cases)
      if (std::any_of(c.findings.begin(), c.findings.end(), is_error)) ++(c.name == k_input_unreadable.id ? e : f);
    body << "  <testsuite name=\"" << markup_escape(t.path) << "\" tests=\"" << cases.size() << "\" failures=\"" << f
         << "\" errors=\"" << e << "\">\n";
    for (const Case& c : cases) write_case(body, c);
    body << "  </testsuite>\n";
    tests += static_cast<int>(cases.size());
    failures += f;
    errors += e;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kb inspect\" tests=\"" << tests
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n"
      << body.str() << "</testsuites>\n";
  return out.str();
}

}  // namespace kb::inspect
