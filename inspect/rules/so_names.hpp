// SPDX-License-Identifier: Apache-2.0
// Small helpers shared by the ELF rules: file-name shapes and C++ demangling.
#pragma once
#include <string>

#include "inspect/so_facts.hpp"

namespace kb::inspect {

// The file name of a path ("a/b/_ops.abi3.so" -> "_ops.abi3.so").
std::string file_name(const std::string& path);

// A CPython extension by name: "<stem>.abi3.so" or "<stem>.cpython-<tag>.so"; returns the stem
// (text before the first '.') or "" when the name has neither shape.
std::string python_extension_stem(const std::string& path);
bool is_abi3_name(const std::string& path);

// Itanium demangling (abi::__cxa_demangle); "" for C names and anything that fails.
std::string demangle(const std::string& mangled);

// The defined dynamic symbol called `name`, or nullptr.
const DynSymbol* find_defined(const SoFacts& so, const std::string& name);

// "memcpy@GLIBC_2.14" — the subject form for a versioned import.
std::string versioned_name(const DynSymbol& sym);

}  // namespace kb::inspect
