// SPDX-License-Identifier: Apache-2.0
// Dotted versions, the one comparison kb has: Torch and CUDA releases ("2.12" > "2.9"), CUDA
// archs, symbol versions and ABI options ("2.2.5", "3.10", "7.0.0").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

using VersionNumbers = std::vector<unsigned>;

// "2.2.5" -> {2,2,5}; nullopt for anything but dot-separated decimal numbers ("TM_1",
// "ABI_DT_RELR", "1..2", "", components over 9 digits).
std::optional<VersionNumbers> parse_version(std::string_view token);

// Numeric tokens lose trailing zero components ("7.0.0" -> "7", as kernel-abi-check
// compares them); other tokens are returned unchanged.
std::string normalize_version_token(std::string_view token);

// <0, 0, >0 like strcmp; missing components count as zero.
int compare_versions(const VersionNumbers& a, const VersionNumbers& b);

// The same on text: "2.12" > "2.9", "7" == "7.0.0". Each component counts by its leading digits,
// so arch and local-version suffixes do not take part ("9.0a" as 9.0, "2.12.1+cu130" as 2.12.1).
// A token with a component that starts with no digit ("TM_1") sorts before every numeric one; two
// such tokens compare as text.
int compare_versions(std::string_view a, std::string_view b);

// The version part of a symbol version: "GLIBC_2.2.5" -> "2.2.5", "CXXABI_TM_1" -> "TM_1".
std::string_view symbol_version_number(std::string_view full);

}  // namespace kb
