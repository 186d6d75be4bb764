// SPDX-License-Identifier: Apache-2.0
// The bounds-checking pre-validator in front of LIEF (docs/elf-prevalidation.md).
// Every offset, size and count that LIEF 0.9 would follow in the dynamic view is checked here
// against the mapped file with overflow-safe arithmetic; LIEF only ever sees a skeleton built
// from a layout this accepted. Internal to kb_inspect; must not be included next to LIEF
// (<elf.h> macros collide with LIEF's enums).
#pragma once
#include <elf.h>

#include <cstdint>
#include <string>
#include <vector>

#include "inspect/elf_bytes.hpp"

namespace kb::inspect {

constexpr std::uint32_t k_no_index = 0xffffffffu;

// What the validator learnt, in terms of the file's own headers.
struct ElfLayout {
  Elf64_Ehdr ehdr{};
  std::vector<Elf64_Phdr> phdrs;
  std::vector<Elf64_Shdr> shdrs;
  std::uint32_t dynamic_phdr = k_no_index;  // the PT_DYNAMIC program header
  std::uint64_t dyn_entries = 0;            // Elf64_Dyn slots in PT_DYNAMIC (p_filesz / 16)
  std::uint64_t dyn_live = 0;               // slots before the first DT_NULL (what ld.so reads)
  // Section indices of the dynamic view's tables (k_no_index when absent).
  std::uint32_t dynamic = k_no_index, dynsym = k_no_index, dynstr = k_no_index;
  std::uint32_t versym = k_no_index, verneed = k_no_index, verdef = k_no_index;
  std::uint32_t hash = k_no_index, gnu_hash = k_no_index;
  std::uint32_t symtab = k_no_index, symtab_strtab = k_no_index;
  std::uint64_t dynstr_size = 0;  // DT_STRSZ
  std::uint64_t dynsym_count = 0;
  std::uint32_t verneed_num = 0, verdef_num = 0;
  std::uint64_t verneed_aux = 0;  // Vernaux entries in all Verneed files
};

// Throws Error(bad_input) "<path>: <what is wrong>" on the first failed check.
ElfLayout prevalidate(ByteView file, const std::string& path);

// Limits the validator enforces (documented in docs/notes/issue-2-elf.md).
constexpr std::uint32_t k_max_phnum = 512;
constexpr std::uint32_t k_max_shnum = 8192;
constexpr std::uint64_t k_max_dyn_entries = 1000;
constexpr std::uint64_t k_max_dynsyms = 1000000;
constexpr std::uint32_t k_max_ver_entries = 1024;
constexpr std::uint32_t k_max_ver_aux = 4096;
// LIEF 0.9 links each dynamic symbol to its version by scanning every version entry:
// symbols x (Vernaux + Verdef) is bounded so that pass stays well under a second.
constexpr std::uint64_t k_max_version_links = 200000000;

}  // namespace kb::inspect
