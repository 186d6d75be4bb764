// SPDX-License-Identifier: Apache-2.0
// Internal: the fatbin header layouts and flag bits (docs/fatbin.md, "Containers and entries"), and
// their decoding from little-endian bytes. Callers check bounds before decoding.
#pragma once
#include <cstdint>

#include "inspect/fatbin_listing.hpp"

namespace kb::inspect::fatbin {

constexpr std::uint32_t k_container_magic = 0xBA55ED50;
constexpr std::uint64_t k_container_header_size = 16;
constexpr std::uint64_t k_entry_header_min = 64;

constexpr std::uint16_t k_kind_ptx = 1;
constexpr std::uint16_t k_kind_elf = 2;
constexpr std::uint16_t k_kind_lto_ir = 8;

constexpr std::uint64_t k_flag_debug = 0x2;
constexpr std::uint64_t k_flag_lz4 = 0x2000;
constexpr std::uint64_t k_flag_zstd = 0x8000;
constexpr std::uint64_t k_flag_obfuscated = 0x10000;
constexpr std::uint64_t k_flag_arch_specific = 0x100000;    // sm_90a / compute_90a
constexpr std::uint64_t k_flag_family_specific = 0x200000;  // sm_100f / compute_100f

inline std::uint16_t le16(const unsigned char* p) { return std::uint16_t(p[0] | p[1] << 8); }
inline std::uint32_t le32(const unsigned char* p) { return std::uint32_t(le16(p)) | std::uint32_t(le16(p + 2)) << 16; }
inline std::uint64_t le64(const unsigned char* p) { return std::uint64_t(le32(p)) | std::uint64_t(le32(p + 4)) << 32; }

struct ContainerHeader {
  std::uint32_t magic;
  std::uint16_t version;
  std::uint16_t header_size;
  std::uint64_t fat_size;  // bytes of entries after the header
};

// `p` must have 16 readable bytes.
inline ContainerHeader decode_container_header(const unsigned char* p) {
  return {le32(p), le16(p + 4), le16(p + 6), le64(p + 8)};
}

struct EntryHeader {
  std::uint16_t kind;
  std::uint32_t header_size;
  std::uint64_t payload_size;
  std::uint32_t compressed_size;
  std::uint16_t minor, major;
  std::uint32_t sm;
  std::uint64_t flags;
  std::uint64_t uncompressed_size;
};

// `p` must have 64 readable bytes.
inline EntryHeader decode_entry_header(const unsigned char* p) {
  return {le16(p), le32(p + 0x04), le64(p + 0x08), le32(p + 0x10), le16(p + 0x18),
          le16(p + 0x1A), le32(p + 0x1C), le64(p + 0x28), le64(p + 0x38)};
}

// The listing entry for a decoded header (section, container and offset left for the caller).
FatbinEntry make_entry(const EntryHeader& h);

}  // namespace kb::inspect::fatbin
