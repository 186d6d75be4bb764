// SPDX-License-Identifier: Apache-2.0
// Sequential readers over a kernel tree's bytes: a file on disk or one member of a zip, never
// slurped whole. The one libzip reader of kb lives here (package, publish and inspect share it).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kb::tree {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `size` bytes; 0 only at the end. Throws Error(bad_input) naming the file on a
  // read error (a zip member whose CRC does not match is such an error).
  virtual std::size_t read(void* data, std::size_t size) = 0;
};

// Streams a regular file from byte `offset`. Throws Error(bad_input) when it cannot be opened.
std::unique_ptr<ByteStream> open_file_stream(const std::filesystem::path& path, std::uint64_t offset = 0);

// Reads a stream to its end (small files: metadata.json, CARD.md, Python sources).
std::string read_stream(ByteStream& stream);

class ZipHandles;

// A zip opened read-only with libzip's consistency checks. libzip handles are not thread-safe:
// each stream borrows a handle of its own from the archive's pool and gives it back when it
// ends, so one ZipArchive can be read from several threads at once, and reading every member of
// a wheel of thousands opens its central directory once per thread, not once per member.
class ZipArchive {
 public:
  struct Entry {
    std::string name;              // exactly as stored (raw bytes, never re-encoded)
    std::uint64_t index = 0;
    std::uint64_t size = 0;
    std::uint16_t method = 0;      // ZIP_CM_*
    std::int64_t mtime = 0;        // as libzip converts the stored DOS time (local time)
    std::uint8_t opsys = 0;        // ZIP_OPSYS_*
    std::uint32_t attributes = 0;  // external attributes (unix mode in the high 16 bits)
    bool encrypted = false;
    bool is_dir() const { return !name.empty() && name.back() == '/'; }
    // The mode bits stored by a unix host (0 for other systems).
    std::uint32_t unix_mode() const { return opsys == 3 ? attributes >> 16 : 0; }
    bool is_symlink() const { return (unix_mode() & 0170000) == 0120000; }
  };
  // Throws Error(bad_input) naming the path when it is not a readable zip.
  explicit ZipArchive(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return m_path; }
  // Every entry in central-directory order.
  const std::vector<Entry>& entries() const { return m_entries; }
  // Streams entry `index` from byte `offset`. Throws Error(bad_input) naming archive and entry.
  std::unique_ptr<ByteStream> open(std::uint64_t index, std::uint64_t offset = 0) const;
  std::string read_all(std::uint64_t index) const;

 private:
  std::filesystem::path m_path;
  std::vector<Entry> m_entries;
  std::shared_ptr<ZipHandles> m_handles;  // shared with open streams, which may outlive the archive
};

}  // namespace kb::tree
