// SPDX-License-Identifier: Apache-2.0
// Reproducible zip writing over libzip. Every entry gets the same DOS timestamp, mode 0644 from
// a unix host, no extra fields and no directory entries; entries are written in the given
// (sorted) order. libzip 1.7.3 adds no extended-timestamp or owner fields when sizes are known,
// so equal inputs give equal bytes for the same libzip and zlib versions.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "package/source_tree.hpp"

namespace kb::package {

struct WriteEntry {
  std::string name;
  std::uint64_t size = 0;
  bool deflate = true;                     // else stored
  SourceFile origin;                       // where the bytes come from, unless `generate` is set
  std::function<std::string()> generate;   // called when libzip reaches the entry: after every
                                           // earlier entry was read and hashed (the manifest)
  bool want_sha512 = false;                // for variants whose metadata digest uses sha512
  // Filled in while writing:
  std::vector<std::uint8_t> sha256, sha512;
};

// DOS date/time (date << 16 | time) for a Unix time, in UTC, clamped to 1980..2107; odd
// seconds round down (DOS keeps 2-second steps).
std::uint32_t dos_time_from_unix(std::int64_t epoch);

// Writes `entries` (names sorted bytewise, checked) to `path`, streaming each source through the
// hashers as libzip reads it: peak memory does not grow with file size. Throws Error(bad_input)
// naming the file when a source cannot be read or changed size, Error(environment) when the
// archive cannot be written.
void write_zip(const std::filesystem::path& path, std::vector<WriteEntry>& entries, std::int64_t epoch);

}  // namespace kb::package
