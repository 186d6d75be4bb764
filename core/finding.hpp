// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cuda_listing.hpp"

namespace kb {

enum class Severity { info, warning, error };
const char* to_string(Severity s);

// One conformance problem in a user's artifact. Findings are data: a run collects them
// and goes on; only the report decides the exit code.
struct Finding {
  std::string rule;      // stable dotted id, e.g. "abi.manylinux"
  Severity severity = Severity::error;
  std::string file;      // the file (or tree path) the finding is about
  std::string subject;   // offending symbol / path / value; may be empty
  std::string message;   // lower case, no trailing period
  std::string hint;      // what to do; may be empty
};

// What was inspected: one entry per input target, in input order.
struct TargetReport {
  std::string path;
  std::string kind;  // "so" | "variant" | "tree" | "archive"
  std::vector<Finding> findings;
  bool unreadable = false;  // kb could not check it (exit 3 unless errors outrank it)
  nlohmann::json extra = nlohmann::json::object();  // extra members of the target's JSON (e.g. "wheel")
  // Device code per file, in the order found. Renderers write a "so" target's own listing as its
  // "cuda" member and the others under "files"; the JSON is never read back.
  std::vector<CudaListing> cuda;
};

struct Report {
  std::vector<TargetReport> targets;
  int files = 0;  // number of files examined

  int count(Severity s) const;
  bool any_unreadable() const;
  // 0 no errors, 1 error findings, 3 some input unreadable (and no error findings).
  int exit_code() const;
  // Sorts each target's findings by (file, rule, subject) and its CUDA listings by file, so
  // output is deterministic.
  void sort();
};

}  // namespace kb
