// SPDX-License-Identifier: Apache-2.0
#include "core/file_text.hpp"

#include <fstream>
#include <sstream>

namespace kb {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kb
