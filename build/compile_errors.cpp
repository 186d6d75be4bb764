// SPDX-License-Identifier: Apache-2.0
#include "build/compile_errors.hpp"

#include <sstream>

#include "build/ninja_progress.hpp"

namespace kb::build {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

bool all_digits(const std::string& s, size_t from, size_t to) {
  if (from >= to) return false;
  for (size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// "a.cpp:3:10: fatal error: ...", "a.cpp:3: error: ..." (g++, ld with debug info).
// Hand-parsed: std::regex recurses per character and nvcc's template lines run to many KB.
bool is_gcc_error(const std::string& line) {
  for (const char* tag : {": error: ", ": fatal error: "}) {
    size_t at = line.find(tag);
    if (at == std::string::npos || line.empty() || line[0] == ' ') continue;
    size_t colon = line.rfind(':', at - 1);
    if (colon == std::string::npos || !all_digits(line, colon + 1, at)) continue;
    size_t colon2 = line.rfind(':', colon - 1);
    if (colon2 != std::string::npos && all_digits(line, colon2 + 1, colon)) return colon2 > 0;
    return colon > 0;
  }
  return false;
}

// "a.cu(12): error: ..." and "a.cu(12): catastrophic error: ..." (nvcc's front end).
bool is_nvcc_error(const std::string& line) {
  for (const char* tag : {"): error", "): catastrophic error"}) {
    size_t at = line.find(tag);
    if (at == std::string::npos || line.empty() || line[0] == ' ') continue;
    size_t open = line.rfind('(', at);
    if (open != std::string::npos && open > 0 && all_digits(line, open + 1, at)) return true;
  }
  return false;
}

bool is_primary_error(const std::string& line) {
  if (is_gcc_error(line) || is_nvcc_error(line)) return true;
  return line.rfind("nvcc fatal", 0) == 0 || line.find("undefined reference to") != std::string::npos ||
         line.find("ld: cannot find") != std::string::npos;
}

bool is_continuation(const std::string& line) {
  // g++'s source excerpt ("   12 | #include ..." and the caret line) and nvcc's indented context.
  return !line.empty() && (line[0] == ' ' || line[0] == '\t');
}

std::string with_context(const std::vector<std::string>& lines, size_t at) {
  std::string out = lines[at];
  for (size_t i = at + 1; i < lines.size() && i <= at + 3 && is_continuation(lines[i]); ++i) out += "\n" + lines[i];
  return out;
}

bool mentions_error(const std::string& line) {
  std::string lower;
  for (char c : line) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower.find("error") != std::string::npos;
}

}  // namespace

std::string first_error(const std::string& compiler_output) {
  std::vector<std::string> lines = lines_of(compiler_output);
  for (size_t i = 0; i < lines.size(); ++i)
    if (is_primary_error(lines[i])) return with_context(lines, i);
  for (size_t i = 0; i < lines.size(); ++i)
    if (mentions_error(lines[i])) return with_context(lines, i);
  for (const std::string& l : lines)
    if (!l.empty()) return l;
  return {};
}

std::vector<FailedStep> failed_steps(const std::string& ninja_log) {
  std::vector<FailedStep> out;
  std::string last_description;
  bool in_failure = false;
  bool want_command = false;
  for (const std::string& line : lines_of(ninja_log)) {
    Step status = parse_status_line(line);
    if (status.finished > 0 || line.rfind("ninja: ", 0) == 0) {
      last_description = status.description;
      in_failure = false;
      continue;
    }
    if (line.rfind("FAILED: ", 0) == 0) {
      out.push_back({line.substr(8), last_description, {}, {}});
      in_failure = want_command = true;
      continue;
    }
    if (!in_failure) continue;
    if (want_command) {  // the command line ninja echoes after FAILED:
      want_command = false;
      continue;
    }
    out.back().output += line + "\n";
  }
  for (FailedStep& f : out) f.first_error = first_error(f.output);
  return out;
}

}  // namespace kb::build
