// SPDX-License-Identifier: Apache-2.0
// The last step of kb's error funnel (docs/design.md, "Errors and exit codes"): any exception as
// a kb::Error, so whatever escapes a command still maps onto the exit-code table.
#pragma once
#include <exception>

#include "core/error.hpp"

namespace kb {

// A kb::Error as it is; std::filesystem::filesystem_error with its path(s) (a missing path is
// bad input; any other failure, such as permission denied or a path under a regular file, is
// environment); JSON/TOML parse errors as bad input; std::bad_alloc and anything else as
// environment, with a hint. Never throws.
Error error_from(std::exception_ptr e);

}  // namespace kb
