// SPDX-License-Identifier: Apache-2.0
#include "core/finding.hpp"

#include <algorithm>
#include <tuple>

#include "core/error.hpp"

namespace kb {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

int Report::count(Severity s) const {
  int n = 0;
  for (const auto& t : targets)
    for (const auto& f : t.findings) n += f.severity == s;
  return n;
}

bool Report::any_unreadable() const {
  return std::any_of(targets.begin(), targets.end(), [](const TargetReport& t) { return t.unreadable; });
}

int Report::exit_code() const {
  // An unreadable input means "could not check" (3), which CI must tell apart from
  // "checked and non-conformant" (1); a real violation elsewhere still wins, since it is certain.
  if (count(Severity::error) > 0) {
    bool only_unreadable = true;
    for (const auto& t : targets)
      for (const auto& f : t.findings)
        if (f.severity == Severity::error && f.rule != "input.unreadable") only_unreadable = false;
    if (!only_unreadable) return k_exit_nonconformant;
  }
  return any_unreadable() ? k_exit_bad_input : k_exit_ok;
}

void Report::sort() {
  for (auto& t : targets)
    std::stable_sort(t.findings.begin(), t.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.file, a.rule, a.subject, a.message) < std::tie(b.file, b.rule, b.subject, b.message);
    });
  for (auto& t : targets)
    std::stable_sort(t.cuda.begin(), t.cuda.end(),
                     [](const CudaListing& a, const CudaListing& b) { return a.file < b.file; });
}

}  // namespace kb
