// SPDX-License-Identifier: Apache-2.0
// Sequential readers for bundle contents: a file on disk or one entry of a zip, never slurped.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct zip;  // libzip's zip_t, kept out of kb headers

namespace kb::package {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `size` bytes; 0 at end. Throws Error(bad_input) naming the file on a read error
  // (a zip entry whose CRC does not match is such an error).
  virtual std::size_t read(void* data, std::size_t size) = 0;
};

// A zip opened read-only with consistency checks; owns the libzip handle.
class ZipReader {
 public:
  struct Entry {
    std::string name;
    std::uint64_t index = 0;
    std::uint64_t size = 0;
    std::uint16_t method = 0;     // ZIP_CM_*
    std::int64_t mtime = 0;       // as libzip converts the stored DOS time (local time)
    std::uint8_t opsys = 0;       // ZIP_OPSYS_*
    std::uint32_t attributes = 0; // external attributes (unix mode in the high 16 bits)
    bool encrypted = false;
  };
  // Throws Error(bad_input) naming the path when it is not a readable zip.
  explicit ZipReader(const std::filesystem::path& path);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Every entry in central-directory order, names exactly as stored.
  const std::vector<Entry>& entries() const { return m_entries; }
  std::unique_ptr<ByteStream> open(std::uint64_t index) const;
  std::string read_all(std::uint64_t index) const;  // for small entries (metadata.json, CARD.md)

 private:
  std::filesystem::path m_path;
  ::zip* m_zip = nullptr;
  std::vector<Entry> m_entries;
};

// Streams a regular file (1 MiB reads). Throws Error(bad_input) when it cannot be opened.
std::unique_ptr<ByteStream> open_file_stream(const std::filesystem::path& path);

// The mode bits stored for a unix-made entry (0 for other systems).
inline std::uint32_t unix_mode(const ZipReader::Entry& e) { return e.opsys == 3 ? e.attributes >> 16 : 0; }

}  // namespace kb::package
