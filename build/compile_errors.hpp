// SPDX-License-Identifier: Apache-2.0
// What went wrong in a ninja run, for the failure summary: each failed step with the first
// error its compiler printed. The tail of a log is useless for C++ (hundreds of template notes
// and warnings follow the one line that says why), so kb leads with the first error instead.
#pragma once
#include <string>
#include <vector>

namespace kb::build {

struct FailedStep {
  std::string outputs;      // ninja's "FAILED: <outputs>" (the object or the .so)
  std::string description;  // the status line's "<variant>: <source>", when ninja printed one
  std::string output;       // everything the command printed
  std::string first_error;  // first_error(output)
};

// The failed steps of a ninja log (ninja prints "[kb n/m] desc", then "FAILED: outputs", the
// command line, then the command's output).
std::vector<FailedStep> failed_steps(const std::string& ninja_log);

// The compiler's or linker's first error with the lines that belong to it (g++'s source excerpt
// and caret, nvcc's "detected during"), else the first line mentioning an error, else the first
// non-empty line. Recognises "file:line[:col]: [fatal ]error:", nvcc's "file(line): error:",
// "nvcc fatal", ld's "undefined reference" and "cannot find".
std::string first_error(const std::string& compiler_output);

}  // namespace kb::build
