// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kb {

struct Command {
  std::vector<std::string> argv;             // argv[0] is looked up on PATH
  std::filesystem::path cwd;                 // empty: inherit
  std::map<std::string, std::string> env;    // added to (overriding) the inherited environment
  // Called with each chunk of output as it arrives (chunks are not split at lines), for live
  // progress; the whole output is still returned in CommandResult::output.
  std::function<void(const std::string&)> on_output = nullptr;
};

struct CommandResult {
  int exit_code = -1;        // -1 when killed by a signal
  int signal = 0;
  std::string output;        // stdout and stderr, interleaved
};

// The seam for running tools (nvcc, ninja, pip, git). Tests substitute a recorder.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Runs to completion. Throws Error(environment) if the program cannot be started.
  virtual CommandResult run(const Command& cmd) = 0;
};

// posix_spawn-based runner that captures output through a pipe.
class PosixProcessRunner : public ProcessRunner {
 public:
  CommandResult run(const Command& cmd) override;
};

// Finds an executable on PATH; empty path when absent.
std::filesystem::path find_program(const std::string& name);

}  // namespace kb
