// SPDX-License-Identifier: Apache-2.0
// Shared helpers for kb_tests: paths, a temp dir fixture, running kb and python referees.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/process.hpp"

namespace kb::test {

std::filesystem::path source_dir();
std::filesystem::path binary_dir();
std::filesystem::path kb_exe();
// The venv python with auditwheel, kernel-abi-check, kernels, huggingface_hub (make deps);
// empty when absent, so referee tests can SKIP with a reason instead of passing silently.
std::filesystem::path python();

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& rel) const { return m_path / rel; }

 private:
  std::filesystem::path m_path;
};

// Runs a command and returns its result (output is stdout+stderr).
CommandResult run(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});
// Runs kb with args.
CommandResult run_kb(const std::vector<std::string>& args, const std::filesystem::path& cwd = {});
void write_text(const std::filesystem::path& p, const std::string& content);
std::string read_text(const std::filesystem::path& p);

}  // namespace kb::test
