// SPDX-License-Identifier: Apache-2.0
#include "core/tree/member_name.hpp"

namespace kb::tree {

std::optional<std::string> unsafe_member_reason(std::string_view name) {
  if (name.empty()) return "empty path";
  if (name.front() == '/') return "absolute path";
  if (name.size() >= 2 && name[1] == ':') return "drive-letter path";
  for (char c : name) {
    if (c == '\\') return "backslash in path (zip paths use '/')";
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "control character in path";
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return "'..' component escapes the tree";
    if (part == ".") return "'.' component";
    if (part.empty()) return "empty path component";
    start = end + 1;
  }
  return std::nullopt;
}

bool is_bytecode(std::string_view name) {
  if (name.size() >= 4 && name.substr(name.size() - 4) == ".pyc") return true;
  std::string_view k = "__pycache__";
  for (size_t pos = name.find(k); pos != std::string_view::npos; pos = name.find(k, pos + 1)) {
    bool starts = pos == 0 || name[pos - 1] == '/';
    bool ends = pos + k.size() == name.size() || name[pos + k.size()] == '/';
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace kb::tree
