// SPDX-License-Identifier: Apache-2.0
// The fatbin walk (docs/fatbin.md).
//
// A fatbin section is a run of containers laid end to end. A container is a 16-byte header
// (magic 0xBA55ED50, u16 version = 1, u16 header size, u64 size of what follows) and then its
// entries, also end to end. An entry is a variable-size header (64 bytes fixed, then a tail
// holding the identifier and options strings; 64..152 bytes seen) followed by its payload,
// whose reserved size is padded to 8. Everything the listing needs sits in the entry header:
// kind at 0x00, header size 0x04, payload size 0x08, compressed size 0x10, version minor/major
// 0x18/0x1A, SM number 0x1C, flags 0x28 (a/f suffix, LZ4 / zstd, debug, obfuscated) and the
// uncompressed size at 0x38. No payload is touched here.
//
// The input may be hostile (it is whatever sits in a user's .so), so every size is checked
// against the enclosing container and section before use, with subtraction-only arithmetic
// that cannot overflow. Each step advances by at least 8 bytes, so the walk ends in
// O(section size / 8) steps whatever the counts say. A defect ends the walk of that section
// and is recorded; entries read before it stay in the listing.
#include "inspect/fatbin_reader.hpp"

#include <cstdio>
#include <cstring>

#include "inspect/fatbin_format.hpp"

namespace kb::inspect {

namespace {

struct Walk {
  std::string_view bytes;
  const std::string& section;
  FatbinListing& out;

  void problem(std::uint64_t offset, std::string message) {
    out.problems.push_back({section, offset, std::move(message)});
  }
  bool walk_container(std::uint64_t pos, std::uint32_t index, std::uint64_t& next);
  bool walk_entry(std::uint64_t pos, std::uint64_t end, std::uint32_t container, std::uint64_t& next);
};

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

bool Walk::walk_entry(std::uint64_t pos, std::uint64_t end, std::uint32_t container, std::uint64_t& next) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + pos;
  fatbin::EntryHeader h = fatbin::decode_entry_header(p);
  if (h.header_size < fatbin::k_entry_header_min || h.header_size > end - pos) {
    problem(pos, "entry header size " + std::to_string(h.header_size) + " lies outside its container");
    return false;
  }
  if (h.payload_size > end - pos - h.header_size) {
    problem(pos, "entry payload size " + std::to_string(h.payload_size) + " runs past the end of its container");
    return false;
  }
  if (h.compressed_size > h.payload_size) {
    problem(pos, "compressed size " + std::to_string(h.compressed_size) + " exceeds payload size " +
                     std::to_string(h.payload_size));
    return false;
  }
  FatbinEntry e = fatbin::make_entry(h);
  e.section = section;
  e.container = container;
  e.offset = pos;
  if ((h.flags & fatbin::k_flag_lz4) && (h.flags & fatbin::k_flag_zstd))
    problem(pos, "entry claims both LZ4 and zstd compression (flags " + hex(h.flags) + ")");
  if ((h.flags & fatbin::k_flag_arch_specific) && (h.flags & fatbin::k_flag_family_specific))
    problem(pos, "entry is marked both arch-specific (a) and family-specific (f) (flags " + hex(h.flags) + ")");
  out.entries.push_back(std::move(e));
  next = pos + h.header_size + h.payload_size;
  return true;
}

// Returns false when the section walk must stop; `next` is the offset after the container.
bool Walk::walk_container(std::uint64_t pos, std::uint32_t index, std::uint64_t& next) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + pos;
  fatbin::ContainerHeader c = fatbin::decode_container_header(p);
  if (c.magic != fatbin::k_container_magic) {
    problem(pos, "no fatbin container magic (found " + hex(c.magic) + ", expected 0xba55ed50)");
    return false;
  }
  const std::uint64_t room = bytes.size() - pos;
  if (c.version != 1 || c.header_size < fatbin::k_container_header_size || c.header_size > room) {
    problem(pos, "unsupported container header (version " + std::to_string(c.version) + ", header size " +
                     std::to_string(c.header_size) + ")");
    return false;
  }
  if (c.fat_size > room - c.header_size) {
    problem(pos, "container size " + std::to_string(c.fat_size) + " runs past the end of the section (" +
                     std::to_string(room - c.header_size) + " bytes left)");
    return false;
  }
  const std::uint64_t end = pos + c.header_size + c.fat_size;
  std::uint64_t at = pos + c.header_size;
  while (end - at >= fatbin::k_entry_header_min) {
    if (!walk_entry(at, end, index, at)) return false;
  }
  if (at != end) {
    problem(at, "container ends " + std::to_string(end - at) + " bytes after its last entry");
    return false;
  }
  next = end;
  return true;
}

bool all_zero(std::string_view s) {
  for (char ch : s)
    if (ch != 0) return false;
  return true;
}

}  // namespace

void read_fatbin_section(std::string_view section_bytes, const std::string& section_name, FatbinListing& out,
                         const std::function<void(std::string_view)>& done_with) {
  out.sections.push_back(section_name);
  Walk w{section_bytes, section_name, out};
  std::uint64_t pos = 0;
  std::uint32_t index = 0;
  while (section_bytes.size() - pos >= fatbin::k_container_header_size) {
    // Clang embeds fatbins as NUL-terminated constants: zero padding between containers is legal.
    if (all_zero(section_bytes.substr(pos, 8))) {
      pos += 8;
      continue;
    }
    const std::uint64_t start = pos;
    if (!w.walk_container(pos, index++, pos)) return;
    if (done_with) done_with(section_bytes.substr(start, pos - start));
  }
  if (!all_zero(section_bytes.substr(pos)))
    w.problem(pos, std::to_string(section_bytes.size() - pos) + " trailing bytes after the last container");
}

}  // namespace kb::inspect
