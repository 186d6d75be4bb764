// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace kb {

// A read-only mmap of a whole file. Large sections (.nv_fatbin, 100s of MB) are read through
// this rather than copied; pages the reader never touches are never loaded.
class MappedFile {
 public:
  // Throws Error(bad_input) naming the path when it cannot be opened or mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::uint8_t* data() const { return m_data; }
  std::uint64_t size() const { return m_size; }
  std::string_view bytes() const { return {reinterpret_cast<const char*>(m_data), m_size}; }
  // Overflow-safe bounds test: [off, off+len) lies inside the file.
  bool contains(std::uint64_t off, std::uint64_t len) const { return off <= m_size && len <= m_size - off; }
  // Drops the pages holding `part` (a span of bytes()) from this process's resident set; they
  // stay in the page cache and fault back in if read again. A reader streaming through a file
  // of 100s of MB calls this behind itself, so its peak RSS is one window, not the whole file.
  void release(std::string_view part) const;

 private:
  const std::uint8_t* m_data = nullptr;
  std::uint64_t m_size = 0;
};

}  // namespace kb
