// SPDX-License-Identifier: Apache-2.0
// Dotted version tokens as symbol versions and ABI options spell them ("2.2.5", "3.10", "7.0.0").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::inspect {

using VersionNumbers = std::vector<unsigned>;

// "2.2.5" -> {2,2,5}; nullopt for anything but dot-separated decimal numbers ("TM_1",
// "ABI_DT_RELR", "1..2", "", components over 9 digits).
std::optional<VersionNumbers> parse_version(std::string_view token);

// Numeric tokens lose trailing zero components ("7.0.0" -> "7", as kernel-abi-check
// compares them); other tokens are returned unchanged.
std::string normalize_version_token(std::string_view token);

// <0, 0, >0 like strcmp; missing components count as zero.
int compare_versions(const VersionNumbers& a, const VersionNumbers& b);

}  // namespace kb::inspect
