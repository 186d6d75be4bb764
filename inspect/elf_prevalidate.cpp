// SPDX-License-Identifier: Apache-2.0
// Pre-validation of the ELF file, program and section headers (docs/elf-prevalidation.md,
// checks 1-3). LIEF 0.9 turns every one of these faults into a silently partial model, a
// memory blowup (zero-extending copies up to offset+size) or a crash in Segment::content().
#include <algorithm>
#include <cstdio>

#include "core/error.hpp"
#include "inspect/elf_checker.hpp"

namespace kb::inspect {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the reader memcpys little-endian ELF structs");

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

void ElfChecker::fail(const std::string& what) const {
  throw Error(ErrorKind::bad_input, m_path + ": " + what,
              "the file is truncated or corrupt (or not a shared object); rebuild or re-download it");
}

void ElfChecker::check_ident() {
  if (m_file.size < sizeof(Elf64_Ehdr))
    fail("too small to be an ELF64 file (" + std::to_string(m_file.size) + " bytes)");
  const Elf64_Ehdr eh = m_file.read<Elf64_Ehdr>(0);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) fail("not an ELF file (bad magic)");
  if (eh.e_ident[EI_CLASS] != ELFCLASS64) fail("not ELF64 (EI_CLASS " + std::to_string(eh.e_ident[EI_CLASS]) + ")");
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
    fail("not little-endian (EI_DATA " + std::to_string(eh.e_ident[EI_DATA]) + ")");
  if (eh.e_ident[EI_VERSION] != EV_CURRENT || eh.e_version != EV_CURRENT) fail("unknown ELF version");
  if (eh.e_type != ET_DYN && eh.e_type != ET_EXEC)
    fail("not a shared object (e_type " + std::to_string(eh.e_type) + ")");
  m_layout.ehdr = eh;
}

void ElfChecker::check_program_headers() {
  const Elf64_Ehdr& eh = m_layout.ehdr;
  if (eh.e_phnum == 0) fail("no program headers");
  if (eh.e_phnum == PN_XNUM) fail("extended program header numbering (e_phnum 0xffff) is not supported");
  if (eh.e_phnum > k_max_phnum) fail("too many program headers (" + std::to_string(eh.e_phnum) + ")");
  if (eh.e_phentsize != sizeof(Elf64_Phdr)) fail("bad e_phentsize " + std::to_string(eh.e_phentsize));
  if (eh.e_phoff == 0 || !m_file.contains(eh.e_phoff, std::uint64_t(eh.e_phnum) * sizeof(Elf64_Phdr)))
    fail("program header table (e_phoff " + hex(eh.e_phoff) + ") lies outside the file");
  std::vector<std::pair<std::uint64_t, std::uint64_t>> loads;  // [vaddr, vaddr+memsz)
  for (std::uint32_t i = 0; i < eh.e_phnum; ++i) {
    const auto ph = m_file.read<Elf64_Phdr>(eh.e_phoff + std::uint64_t(i) * sizeof(Elf64_Phdr));
    const std::string what = "program header " + std::to_string(i) + " (type " + hex(ph.p_type) + ")";
    if (ph.p_filesz > 0 && !m_file.contains(ph.p_offset, ph.p_filesz)) fail(what + " lies outside the file");
    if (ph.p_type == PT_LOAD) {
      if (ph.p_filesz > ph.p_memsz) fail(what + ": p_filesz exceeds p_memsz");
      if (ph.p_memsz > ~std::uint64_t(0) - ph.p_vaddr) fail(what + ": p_vaddr + p_memsz wraps");
      if (ph.p_memsz > 0) loads.emplace_back(ph.p_vaddr, ph.p_vaddr + ph.p_memsz);
    }
    if (ph.p_type == PT_DYNAMIC) {
      if (m_layout.dynamic_phdr != k_no_index) fail("more than one PT_DYNAMIC");
      m_layout.dynamic_phdr = i;
    }
    m_layout.phdrs.push_back(ph);
  }
  // Address-to-offset translation (ours and LIEF's) must not depend on which PT_LOAD is tried first.
  std::sort(loads.begin(), loads.end());
  for (std::size_t i = 1; i < loads.size(); ++i)
    if (loads[i].first < loads[i - 1].second) fail("PT_LOAD segments overlap at " + hex(loads[i].first));
}

void ElfChecker::check_section_headers() {
  const Elf64_Ehdr& eh = m_layout.ehdr;
  if (eh.e_shnum == 0) fail("no section headers (e_shnum 0); kb needs them to locate the dynamic tables");
  if (eh.e_shnum > k_max_shnum) fail("too many sections (" + std::to_string(eh.e_shnum) + ")");
  if (eh.e_shentsize != sizeof(Elf64_Shdr)) fail("bad e_shentsize " + std::to_string(eh.e_shentsize));
  if (eh.e_shoff == 0 || !m_file.contains(eh.e_shoff, std::uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr)))
    fail("section header table (e_shoff " + hex(eh.e_shoff) + ") lies outside the file");
  for (std::uint32_t i = 0; i < eh.e_shnum; ++i)
    m_layout.shdrs.push_back(m_file.read<Elf64_Shdr>(eh.e_shoff + std::uint64_t(i) * sizeof(Elf64_Shdr)));
  for (std::uint32_t i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr& s = sec(i);
    if (s.sh_type != SHT_NOBITS && !m_file.contains(s.sh_offset, s.sh_size))
      fail("section " + std::to_string(i) + " (offset " + hex(s.sh_offset) + ", size " + hex(s.sh_size) +
           ") lies outside the file");
  }
  if (eh.e_shstrndx >= eh.e_shnum || !is_terminated_strtab(eh.e_shstrndx))
    fail("e_shstrndx " + std::to_string(eh.e_shstrndx) + " is not a NUL-terminated string table");
  const std::uint64_t names_size = sec(eh.e_shstrndx).sh_size;
  for (std::uint32_t i = 0; i < eh.e_shnum; ++i)
    if (sec(i).sh_name >= names_size) fail("section " + std::to_string(i) + " has its name outside .shstrtab");
}

std::string ElfChecker::sec_name(std::uint32_t i) const {
  const Elf64_Shdr& names = sec(m_layout.ehdr.e_shstrndx);
  return reinterpret_cast<const char*>(m_file.data + names.sh_offset + sec(i).sh_name);
}

bool ElfChecker::is_terminated_strtab(std::uint32_t i) const {
  const Elf64_Shdr& s = sec(i);
  return s.sh_type == SHT_STRTAB && s.sh_size > 0 && m_file.data[s.sh_offset + s.sh_size - 1] == 0;
}

void ElfChecker::check_mapped(std::uint32_t i) const {
  const Elf64_Shdr& s = sec(i);
  for (const Elf64_Phdr& ph : m_layout.phdrs) {
    if (ph.p_type != PT_LOAD || s.sh_offset < ph.p_offset || s.sh_addr < ph.p_vaddr) continue;
    const std::uint64_t rel = s.sh_offset - ph.p_offset;
    if (rel != s.sh_addr - ph.p_vaddr || rel > ph.p_filesz) continue;
    if (s.sh_size <= ph.p_filesz - rel) return;
  }
  fail("section " + sec_name(i) + " is not mapped by a PT_LOAD (address " + hex(s.sh_addr) + ", offset " +
       hex(s.sh_offset) + ")");
}

std::uint32_t ElfChecker::section_at(std::uint32_t type, std::uint64_t addr, const char* tag) const {
  for (std::uint32_t i = 0; i < m_layout.shdrs.size(); ++i)
    if (sec(i).sh_type == type && sec(i).sh_addr == addr && (sec(i).sh_flags & SHF_ALLOC)) return i;
  fail(std::string(tag) + " " + hex(addr) + " does not match a section of the expected type " + hex(type));
}

ElfLayout prevalidate(ByteView file, const std::string& path) {
  ElfChecker c(file, path);
  c.check_ident();
  c.check_program_headers();
  c.check_section_headers();
  c.check_dynamic();
  c.check_dynsym();
  c.check_versym();
  c.check_verneed();
  c.check_verdef();
  c.check_hashes();
  c.check_symtab();
  ElfLayout l = c.take();
  if (l.dynsym_count * (l.verneed_aux + l.verdef_num) > k_max_version_links)
    c.fail("too many dynamic symbols times symbol versions (" + std::to_string(l.dynsym_count) + " x " +
           std::to_string(l.verneed_aux + l.verdef_num) + ")");
  return l;
}

}  // namespace kb::inspect
