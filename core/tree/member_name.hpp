// SPDX-License-Identifier: Apache-2.0
// Names of kernel-tree members (files in a directory, entries in a zip): which are hostile and
// which are bytecode. Every reader of a tree (inspect, package, publish) uses this one check.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kb::tree {

// Why `name` may not be a member path (absolute, `..`, `.`, empty component, backslash, drive
// letter, control character), or nullopt when it is a safe relative '/'-separated path.
std::optional<std::string> unsafe_member_reason(std::string_view name);

// True for bytecode the Hub loader ignores and kb never ships: any `__pycache__` component or a
// `.pyc` file (docs/conformance.md, tree.bytecode).
bool is_bytecode(std::string_view name);

}  // namespace kb::tree
