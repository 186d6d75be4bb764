// SPDX-License-Identifier: Apache-2.0
#include "core/error.hpp"

#include <ostream>

namespace kb {

Error::Error(ErrorKind kind, std::string message, std::string hint)
    : std::runtime_error(std::move(message)), m_kind(kind), m_hint(std::move(hint)) {}

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return k_exit_usage;
    case ErrorKind::bad_input: return k_exit_bad_input;
    case ErrorKind::environment: return k_exit_environment;
    case ErrorKind::network: return k_exit_network;
    case ErrorKind::nonconformant: return k_exit_nonconformant;
  }
  return k_exit_environment;
}

void print_error(std::ostream& out, const Error& e) {
  out << "kb: error: " << e.what() << "\n";
  if (!e.hint().empty()) out << "  hint: " << e.hint() << "\n";
}

}  // namespace kb
