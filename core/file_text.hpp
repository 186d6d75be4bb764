// SPDX-License-Identifier: Apache-2.0
// Reading a whole (small) file: build.toml, metadata.json, version.py, a token, a card. Callers
// word their own error, since only they know what the file is for and how to fix it.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace kb {

// The file's bytes, or nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace kb
