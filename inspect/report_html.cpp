// SPDX-License-Identifier: Apache-2.0
// One self-contained HTML page per run (no scripts, no external resources): the verdict, the
// findings grouped like the text report, and an arch-coverage matrix (files x sm_XX) telling
// SASS from PTX, for a person deciding whether a wheel covers their GPUs.
#include <algorithm>
#include <set>
#include <sstream>

#include "inspect/fatbin_arch.hpp"
#include "inspect/fatbin_json.hpp"
#include "inspect/report_formats.hpp"
#include "inspect/report_util.hpp"
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

namespace {

const char* k_style = R"(body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d1d1f}
h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}
.verdict{padding:10px 14px;border-radius:6px;font-weight:600;display:inline-block}
.pass{background:#e3f5e1;color:#1b5e20}.fail{background:#fde7e7;color:#b71c1c}.unread{background:#fff4d6;color:#8a5a00}
.file{font-family:monospace;margin:12px 0 4px}.group{margin:4px 0 4px 16px}
.sev-error{color:#b71c1c;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}.sev-info{color:#0b5cad}
ul{margin:2px 0 2px 8px}.hint{color:#555;margin-left:24px}code{font-size:13px}
table.m{border-collapse:collapse;margin-top:8px}table.m th,table.m td{border:1px solid #ccc;padding:3px 6px;text-align:center}
table.m td.f{text-align:left;font-family:monospace}td.sass{background:#c8e6c9}td.ptx{background:#ffe0b2}
td.both{background:#a5d6a7}td.jit{background:#fff8e1;color:#8a5a00}td.none{color:#bbb}
)";

struct Coverage {
  std::vector<std::string> sass, ptx;  // "sm_90a", "compute_90a"
};

// file -> device code, from the targets' typed listings (the JSON "cuda" objects' source).
std::vector<std::pair<std::string, Coverage>> coverage_of(const Report& report) {
  std::vector<std::pair<std::string, Coverage>> out;
  for (const TargetReport& t : report.targets)
    for (const CudaListing* c : listings_by_file(t))
      out.emplace_back(t.kind == "so" ? t.path : c->file, Coverage{c->sass, c->ptx});
  return out;
}

std::string as_sm(const std::string& ptx) { return "sm_" + ptx.substr(ptx.find('_') + 1); }

unsigned sm_number(const std::string& arch) {
  unsigned n = 0;
  for (char c : arch.substr(arch.find('_') + 1))
    if (c >= '0' && c <= '9') n = n * 10 + unsigned(c - '0');
  return n;
}

// A cell: SASS, PTX of exactly that arch, or JIT (plain PTX of a lower arch the driver compiles).
std::string cell(const Coverage& c, const std::string& col) {
  const bool sass = std::find(c.sass.begin(), c.sass.end(), col) != c.sass.end();
  bool ptx = false, jit = false;
  for (const std::string& p : c.ptx) {
    if (as_sm(p) == col) ptx = true;
    const bool plain = !p.empty() && p.back() >= '0' && p.back() <= '9';  // a/f PTX does not JIT forward
    if (plain && sm_number(p) <= sm_number(col)) jit = true;
  }
  if (sass && ptx) return "<td class=\"both\">SASS+PTX</td>";
  if (sass) return "<td class=\"sass\">SASS</td>";
  if (ptx) return "<td class=\"ptx\">PTX</td>";
  if (jit) return "<td class=\"jit\">JIT</td>";
  return "<td class=\"none\">&middot;</td>";
}

void render_matrix(std::ostringstream& out, const Report& report) {
  const auto rows = coverage_of(report);
  out << "<h2>Arch coverage</h2>\n";
  if (rows.empty()) {
    out << "<p>No CUDA device code in any file.</p>\n";
    return;
  }
  std::set<std::string, bool (*)(const std::string&, const std::string&)> cols(
      [](const std::string& a, const std::string& b) { return arch_less(a, b); });
  for (const auto& [file, c] : rows) {
    for (const std::string& a : c.sass) cols.insert(a);
    for (const std::string& p : c.ptx) cols.insert(as_sm(p));
  }
  out << "<p>SASS: native code for that GPU. PTX: PTX of exactly that arch. JIT: no SASS, but plain PTX of "
         "an older arch the driver compiles at load time (slower first launch).</p>\n<table class=\"m\"><tr><th>file</th>";
  for (const std::string& col : cols) out << "<th>" << markup_escape(col) << "</th>";
  out << "</tr>\n";
  for (const auto& [file, c] : rows) {
    out << "<tr><td class=\"f\">" << markup_escape(file) << "</td>";
    for (const std::string& col : cols) out << cell(c, col);
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void render_group(std::ostringstream& out, const std::vector<const Finding*>& group) {
  const Finding& first = *group.front();
  const Rule* rule = find_rule(first.rule);
  const char* sev = to_string(first.severity);
  out << "<div class=\"group\"><span class=\"sev-" << sev << "\">" << sev << "</span> <code>" << markup_escape(first.rule)
      << "</code>" << (rule ? ": " + markup_escape(rule->summary) : "") << "\n<ul>\n";
  std::vector<std::string> hints;
  for (const Finding* f : group) {
    out << "<li>" << markup_escape(f->message);
    if (!f->subject.empty() && f->message.find(f->subject) == std::string::npos)
      out << " <code>[" << markup_escape(f->subject) << "]</code>";
    out << "</li>\n";
    if (!f->hint.empty() && std::find(hints.begin(), hints.end(), f->hint) == hints.end()) hints.push_back(f->hint);
  }
  out << "</ul>\n";
  for (const std::string& h : hints) out << "<div class=\"hint\">hint: " << markup_escape(h) << "</div>\n";
  out << "</div>\n";
}

void render_verdict(std::ostringstream& out, const Report& report) {
  const int errors = report.count(Severity::error), warnings = report.count(Severity::warning);
  const char* cls = errors ? "fail" : report.any_unreadable() ? "unread" : "pass";
  const char* word = errors ? "FAIL" : report.any_unreadable() ? "UNREADABLE INPUT" : "PASS";
  out << "<p class=\"verdict " << cls << "\" id=\"verdict\">" << word << ": " << errors << " error(s), " << warnings
      << " warning(s) in " << report.files << " file(s)</p>\n";
}

}  // namespace

std::string render_html(const Report& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>kb inspect report</title>\n<style>"
      << k_style << "</style></head><body>\n<h1>kb inspect report</h1>\n";
  render_verdict(out, report);
  render_matrix(out, report);
  for (const TargetReport& t : report.targets) {
    out << "<h2>" << markup_escape(t.path) << " (" << markup_escape(t.kind) << ")</h2>\n";
    if (t.findings.empty()) out << "<p class=\"ok\">ok: no findings</p>\n";
    for (const auto& [file, groups] : group_findings(t)) {
      if (file != t.path) out << "<div class=\"file\">" << markup_escape(file) << "</div>\n";
      for (const auto& group : groups) render_group(out, group);
    }
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace kb::inspect
