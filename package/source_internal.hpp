// SPDX-License-Identifier: Apache-2.0
// Internal to package/: the per-kind source readers and their shared helpers.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "package/source_tree.hpp"

namespace kb::package {

SourceTree read_directory_source(const std::filesystem::path& path);
SourceTree read_zip_source(const std::filesystem::path& path);

// Sorts the files, parses metadata.json (required) and keeps __init__.py's text.
// Throws Error(bad_input) naming `location` when metadata.json is missing or malformed.
SourceVariant make_variant(const std::string& name, std::filesystem::path location, std::vector<SourceFile> files);
// Reads a small text file (≤ 16 MiB) whole.
std::string read_text(const SourceFile& f);

}  // namespace kb::package
