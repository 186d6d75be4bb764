// SPDX-License-Identifier: Apache-2.0
// Names of bundle entries: what may appear in a kb package, and what is refused as hostile.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kb::package {

// Why `name` may not be an entry path (absolute, `..`, `.`, empty component, backslash, drive
// letter, control character), or nullopt when it is a safe relative '/'-separated path.
std::optional<std::string> unsafe_entry_reason(std::string_view name);

// True for bytecode the Hub loader ignores and kb never ships: any `__pycache__` component or a
// `.pyc` file (docs/conformance.md, C11).
bool is_bytecode(std::string_view name);

}  // namespace kb::package
