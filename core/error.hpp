// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <stdexcept>
#include <string>

namespace kb {

// Exit codes are part of kb's interface (README "Exit codes"); never renumber or reuse one.
constexpr int k_exit_ok = 0;
constexpr int k_exit_nonconformant = 1;  // kb ran; artifacts have error findings or a variant failed
constexpr int k_exit_usage = 2;
constexpr int k_exit_bad_input = 3;      // unreadable/malformed input: ELF, build.toml, zip, tree
constexpr int k_exit_environment = 4;    // missing tool, subprocess crash, permission denied
constexpr int k_exit_network = 5;        // Hub/network failure after retries
constexpr int k_exit_interrupted = 130;

enum class ErrorKind { usage, bad_input, environment, network, nonconformant };

// The one exception type of kb. Thrown where the failure is found, naming the object
// involved; caught once in main (or by a caller that turns it into a Finding).
// `message` starts lower case with no trailing period; `hint` says what to do.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string hint = {});
  ErrorKind kind() const { return m_kind; }
  const std::string& hint() const { return m_hint; }

 private:
  ErrorKind m_kind;
  std::string m_hint;
};

// Maps an error kind to its process exit code.
int exit_code_for(ErrorKind kind);

// Prints "kb: error: <message>" and, if present, "  hint: <hint>".
void print_error(std::ostream& out, const Error& e);

}  // namespace kb
