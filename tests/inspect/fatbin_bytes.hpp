// SPDX-License-Identifier: Apache-2.0
// Hand-made fatbin bytes for reader, fuzz-seed and rule tests (layout: docs/fatbin.md).
#pragma once
#include <cstdint>
#include <string>

namespace kb::test {

inline void put(std::string& s, size_t off, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s[off + i] = char((v >> (8 * i)) & 0xff);
}

struct FakeEntry {
  std::uint16_t kind = 2;  // 1 PTX, 2 cubin, 8 LTO-IR
  std::uint32_t sm = 90;
  std::uint64_t flags = 0x11;
  std::uint16_t major = 1, minor = 8;
  std::string payload = std::string(16, 'x');
  std::uint32_t header_size = 64;
  std::uint32_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;
};

// Header + payload padded to 8, with the header's sizes consistent unless the caller edits them.
inline std::string entry_bytes(const FakeEntry& e) {
  std::string payload = e.payload;
  payload.resize((payload.size() + 7) / 8 * 8, '\0');
  std::string h(e.header_size, '\0');
  put(h, 0x00, e.kind, 2);
  put(h, 0x02, 0x0101, 2);
  put(h, 0x04, e.header_size, 4);
  put(h, 0x08, payload.size(), 8);
  put(h, 0x10, e.compressed_size, 4);
  put(h, 0x18, e.minor, 2);
  put(h, 0x1A, e.major, 2);
  put(h, 0x1C, e.sm, 4);
  put(h, 0x28, e.flags, 8);
  put(h, 0x38, e.uncompressed_size, 8);
  return h + payload;
}

// A container: 16-byte header (magic 0xBA55ED50, version 1) then `entries` verbatim.
inline std::string container_bytes(const std::string& entries) {
  std::string h(16, '\0');
  put(h, 0, 0xBA55ED50u, 4);
  put(h, 4, 1, 2);
  put(h, 6, 16, 2);
  put(h, 8, entries.size(), 8);
  return h + entries;
}

}  // namespace kb::test
