// SPDX-License-Identifier: Apache-2.0
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

#include <cstdlib>

#include "cli/command.hpp"

namespace kb::cli {

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(1) && !(no_color && *no_color);
}

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(2) && !(term && std::strcmp(term, "dumb") == 0);
}

int terminal_columns() {
  struct winsize w {};
  return ::ioctl(2, TIOCGWINSZ, &w) == 0 ? w.ws_col : 0;
}

}  // namespace kb::cli
