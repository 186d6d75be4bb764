// SPDX-License-Identifier: Apache-2.0
// The pre-validator's working state, split over elf_prevalidate.cpp (file, program and
// section headers) and elf_prevalidate_tables.cpp (dynamic section, symbols, versions, hashes).
#pragma once
#include <string>

#include "inspect/elf_prevalidate.hpp"

namespace kb::inspect {

class ElfChecker {
 public:
  ElfChecker(ByteView file, const std::string& path) : m_file(file), m_path(path) {}

  void check_ident();
  void check_program_headers();
  void check_section_headers();
  void check_dynamic();
  void check_dynsym();
  void check_versym();
  void check_verneed();
  void check_verdef();
  void check_hashes();
  void check_symtab();
  ElfLayout take() { return std::move(m_layout); }

  // Throws Error(bad_input) "<path>: <what>".
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const Elf64_Shdr& sec(std::uint32_t i) const { return m_layout.shdrs[i]; }
  std::string sec_name(std::uint32_t i) const;
  // An SHT_STRTAB section with a NUL as its last byte.
  bool is_terminated_strtab(std::uint32_t i) const;
  // The SHF_ALLOC section of `type` at address `addr`, named by dynamic tag `tag`; fails if none.
  std::uint32_t section_at(std::uint32_t type, std::uint64_t addr, const char* tag) const;
  // Fails unless section i lies in one PT_LOAD's file bytes with offset - p_offset == addr - p_vaddr.
  void check_mapped(std::uint32_t i) const;
  // The first value of `tag` among the live dynamic entries.
  bool dyn_value(std::int64_t tag, std::uint64_t& value) const;
  void check_string_index(std::uint64_t index, const std::string& what) const;
  void check_symbol_table_shape(std::uint32_t i) const;
  void check_gnu_chains(const Elf64_Shdr& s, std::uint32_t symoffset, std::uint32_t nbuckets, std::uint64_t buckets,
                        std::uint64_t chains) const;

  ByteView m_file;
  const std::string& m_path;
  ElfLayout m_layout;
  std::vector<Elf64_Dyn> m_dyn;  // live entries (before DT_NULL)
};

std::string hex(std::uint64_t v);

}  // namespace kb::inspect
