// SPDX-License-Identifier: Apache-2.0
// A compacted image of an ELF file's dynamic view, built from pre-validated headers, for LIEF 0.9
// to parse in about a millisecond instead of copying the whole file two or three times
// (docs/elf-prevalidation.md). Internal to kb_inspect; free of <elf.h> so that
// elf_reader.cpp can include it next to LIEF.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "inspect/elf_bytes.hpp"

namespace kb::inspect {

struct Extent {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

// The image plus what is needed to undo its rewrites in LIEF's model and check LIEF's counts.
struct Skeleton {
  std::vector<std::uint8_t> image;
  std::uint64_t phoff = 0, shoff = 0;  // original e_phoff / e_shoff
  std::vector<Extent> sections;        // original sh_offset / sh_size, by section index
  std::vector<Extent> segments;        // original p_offset / p_filesz, by program header index
  std::vector<std::pair<std::size_t, std::uint64_t>> zeroed_dyn;  // (slot, original d_val)
  std::uint64_t dyn_entries = 0;                                  // slots in PT_DYNAMIC
  std::uint64_t dyn_live = 0;  // slots before the first DT_NULL; later ones are DT_NULL in the image
  bool has_dynsym = false;
  std::uint64_t dynsym_count = 0;  // including the null symbol 0
  std::uint32_t verneed_num = 0, verdef_num = 0;
  std::string machine;    // "x86_64", "aarch64", ... or "em:<n>"
  Extent symtab_strings;  // .symtab's string table in the file; size 0 when absent
};

// Pre-validates `file` (throws Error(bad_input) "<path>: ...") and builds the skeleton.
Skeleton build_skeleton(ByteView file, const std::string& path);

// Largest skeleton image (windows of kept tables); real libraries need at most a few MiB.
constexpr std::uint64_t k_max_image = 64ull << 20;

}  // namespace kb::inspect
