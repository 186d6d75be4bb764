// SPDX-License-Identifier: Apache-2.0
// Pre-validation of the dynamic view (docs/elf-prevalidation.md, checks 4-6): PT_DYNAMIC, the
// tables its tags name, .dynsym, the version tables and the hash tables. Every table a tag names
// must be the SHF_ALLOC section at that address, mapped linearly by a PT_LOAD, so that the
// skeleton (which copies sections, not address ranges) gives LIEF exactly these bytes.
// Version chains are walked forward-only in 64-bit arithmetic with hard caps: LIEF 0.9 walks
// them with 32-bit wrapping offsets and hangs on a vn_next/vd_next cycle.
#include <algorithm>

#include "core/error.hpp"
#include "inspect/elf_checker.hpp"

namespace kb::inspect {
namespace {

bool fits(std::uint64_t off, std::uint64_t len, std::uint64_t size) { return off <= size && len <= size - off; }

}  // namespace

bool ElfChecker::dyn_value(std::int64_t tag, std::uint64_t& value) const {
  for (const Elf64_Dyn& d : m_dyn)
    if (d.d_tag == tag) {
      value = d.d_un.d_val;
      return true;
    }
  return false;
}

void ElfChecker::check_string_index(std::uint64_t index, const std::string& what) const {
  if (index >= m_layout.dynstr_size) fail(what + " string index " + hex(index) + " lies outside DT_STRSZ");
}

void ElfChecker::check_dynamic() {
  if (m_layout.dynamic_phdr == k_no_index) return;
  const Elf64_Phdr& ph = m_layout.phdrs[m_layout.dynamic_phdr];
  if (ph.p_filesz == 0 || ph.p_filesz % sizeof(Elf64_Dyn) != 0) fail("PT_DYNAMIC has a bad size " + hex(ph.p_filesz));
  m_layout.dyn_entries = ph.p_filesz / sizeof(Elf64_Dyn);
  if (m_layout.dyn_entries > k_max_dyn_entries) fail("PT_DYNAMIC has too many entries");
  for (std::uint32_t i = 0; i < m_layout.shdrs.size(); ++i) {
    if (sec(i).sh_type != SHT_DYNAMIC) continue;
    if (m_layout.dynamic != k_no_index) fail("more than one SHT_DYNAMIC section");
    m_layout.dynamic = i;
  }
  if (m_layout.dynamic == k_no_index) fail("PT_DYNAMIC without a .dynamic section");
  const Elf64_Shdr& ds = sec(m_layout.dynamic);
  if (ds.sh_offset != ph.p_offset || ds.sh_size != ph.p_filesz || ds.sh_addr != ph.p_vaddr)
    fail("PT_DYNAMIC does not match the .dynamic section");
  check_mapped(m_layout.dynamic);
  for (std::uint64_t i = 0; i < m_layout.dyn_entries; ++i) {
    const auto d = m_file.read<Elf64_Dyn>(ph.p_offset + i * sizeof(Elf64_Dyn));
    if (d.d_tag == DT_NULL) break;
    m_dyn.push_back(d);
  }
  if (m_dyn.size() == m_layout.dyn_entries) fail("the dynamic section has no DT_NULL terminator");
  m_layout.dyn_live = m_dyn.size();

  std::uint64_t strtab = 0;
  const bool has_strtab = dyn_value(DT_STRTAB, strtab);
  if (has_strtab) {
    m_layout.dynstr = section_at(SHT_STRTAB, strtab, "DT_STRTAB");
    if (!dyn_value(DT_STRSZ, m_layout.dynstr_size)) fail("DT_STRTAB without DT_STRSZ");
    const Elf64_Shdr& s = sec(m_layout.dynstr);
    if (m_layout.dynstr_size == 0 || m_layout.dynstr_size > s.sh_size) fail("DT_STRSZ does not fit .dynstr");
    if (m_file.data[s.sh_offset + m_layout.dynstr_size - 1] != 0)
      fail("the dynamic string table is not NUL-terminated");
    check_mapped(m_layout.dynstr);
  }
  for (const Elf64_Dyn& d : m_dyn) {
    const char* what = d.d_tag == DT_NEEDED    ? "DT_NEEDED"
                       : d.d_tag == DT_SONAME  ? "DT_SONAME"
                       : d.d_tag == DT_RPATH   ? "DT_RPATH"
                       : d.d_tag == DT_RUNPATH ? "DT_RUNPATH"
                                               : nullptr;
    if (!what) continue;
    if (!has_strtab) fail(std::string(what) + " without DT_STRTAB");
    check_string_index(d.d_un.d_val, what);
  }
}

void ElfChecker::check_symbol_table_shape(std::uint32_t i) const {
  const Elf64_Shdr& s = sec(i);
  const std::string name = sec_name(i);
  if (s.sh_entsize != sizeof(Elf64_Sym) || s.sh_size % sizeof(Elf64_Sym) != 0)
    fail(name + ": bad symbol table entry size");
  if (s.sh_size / sizeof(Elf64_Sym) > k_max_dynsyms) fail(name + ": too many symbols");
  if (s.sh_link >= m_layout.shdrs.size() || !is_terminated_strtab(s.sh_link))
    fail(name + ": sh_link is not a NUL-terminated string table");
}

void ElfChecker::check_dynsym() {
  std::uint32_t n_dynsym_sections = 0;
  for (const Elf64_Shdr& s : m_layout.shdrs) n_dynsym_sections += s.sh_type == SHT_DYNSYM;
  // LIEF's COUNT_SECTION takes the first SHT_DYNSYM; two would make its count ambiguous.
  if (n_dynsym_sections > 1) fail("more than one SHT_DYNSYM section");
  std::uint64_t addr = 0;
  if (!dyn_value(DT_SYMTAB, addr)) return;
  std::uint64_t syment = sizeof(Elf64_Sym);
  if (dyn_value(DT_SYMENT, syment) && syment != sizeof(Elf64_Sym)) fail("DT_SYMENT is not 24");
  if (m_layout.dynstr == k_no_index) fail("DT_SYMTAB without DT_STRTAB");
  m_layout.dynsym = section_at(SHT_DYNSYM, addr, "DT_SYMTAB");
  check_symbol_table_shape(m_layout.dynsym);
  check_mapped(m_layout.dynsym);
  const Elf64_Shdr& s = sec(m_layout.dynsym);
  if (s.sh_link != m_layout.dynstr) fail(".dynsym is not linked to the DT_STRTAB string table");
  m_layout.dynsym_count = s.sh_size / sizeof(Elf64_Sym);
  for (std::uint64_t i = 0; i < m_layout.dynsym_count; ++i) {
    const auto sym = m_file.read<Elf64_Sym>(s.sh_offset + i * sizeof(Elf64_Sym));
    if (sym.st_name >= m_layout.dynstr_size)
      fail("dynamic symbol " + std::to_string(i) + " has its name outside DT_STRSZ");
  }
}

void ElfChecker::check_versym() {
  std::uint64_t addr = 0;
  if (!dyn_value(DT_VERSYM, addr)) return;
  if (m_layout.dynsym == k_no_index) fail("DT_VERSYM without DT_SYMTAB");
  m_layout.versym = section_at(SHT_GNU_versym, addr, "DT_VERSYM");
  check_mapped(m_layout.versym);
  if (sec(m_layout.versym).sh_size != m_layout.dynsym_count * sizeof(Elf64_Versym))
    fail(".gnu.version does not have one entry per dynamic symbol");
}

void ElfChecker::check_verneed() {
  std::uint64_t addr = 0, num = 0;
  if (!dyn_value(DT_VERNEED, addr)) return;
  if (!dyn_value(DT_VERNEEDNUM, num) || num == 0 || num > k_max_ver_entries) fail("bad DT_VERNEEDNUM");
  if (m_layout.dynstr == k_no_index) fail("DT_VERNEED without DT_STRTAB");
  m_layout.verneed = section_at(SHT_GNU_verneed, addr, "DT_VERNEED");
  check_mapped(m_layout.verneed);
  m_layout.verneed_num = static_cast<std::uint32_t>(num);
  const Elf64_Shdr& s = sec(m_layout.verneed);
  std::uint64_t off = 0, total_aux = 0;
  for (std::uint64_t i = 0; i < num; ++i) {
    if (!fits(off, sizeof(Elf64_Verneed), s.sh_size))
      fail("Verneed entry " + std::to_string(i) + " lies outside .gnu.version_r");
    const auto vn = m_file.read<Elf64_Verneed>(s.sh_offset + off);
    check_string_index(vn.vn_file, "Verneed file");
    total_aux += vn.vn_cnt;
    if (total_aux > k_max_ver_aux) fail("too many Vernaux entries");
    std::uint64_t a = off + vn.vn_aux;
    for (std::uint32_t j = 0; j < vn.vn_cnt; ++j) {
      if (!fits(a, sizeof(Elf64_Vernaux), s.sh_size)) fail("Vernaux entry lies outside .gnu.version_r");
      const auto vna = m_file.read<Elf64_Vernaux>(s.sh_offset + a);
      check_string_index(vna.vna_name, "Vernaux name");
      if (j + 1 < vn.vn_cnt && vna.vna_next == 0) fail("Vernaux chain loops (vna_next 0 before vn_cnt entries)");
      a += vna.vna_next;
    }
    if (i + 1 < num && vn.vn_next == 0) fail("Verneed chain loops (vn_next 0 before DT_VERNEEDNUM entries)");
    off += vn.vn_next;
  }
  m_layout.verneed_aux = total_aux;
}

void ElfChecker::check_verdef() {
  std::uint64_t addr = 0, num = 0;
  if (!dyn_value(DT_VERDEF, addr)) return;
  if (!dyn_value(DT_VERDEFNUM, num) || num == 0 || num > k_max_ver_entries) fail("bad DT_VERDEFNUM");
  if (m_layout.dynstr == k_no_index) fail("DT_VERDEF without DT_STRTAB");
  m_layout.verdef = section_at(SHT_GNU_verdef, addr, "DT_VERDEF");
  check_mapped(m_layout.verdef);
  m_layout.verdef_num = static_cast<std::uint32_t>(num);
  const Elf64_Shdr& s = sec(m_layout.verdef);
  std::uint64_t off = 0, total_aux = 0;
  for (std::uint64_t i = 0; i < num; ++i) {
    if (!fits(off, sizeof(Elf64_Verdef), s.sh_size))
      fail("Verdef entry " + std::to_string(i) + " lies outside .gnu.version_d");
    const auto vd = m_file.read<Elf64_Verdef>(s.sh_offset + off);
    if (vd.vd_cnt == 0) fail("Verdef entry " + std::to_string(i) + " has no name (vd_cnt 0)");
    total_aux += vd.vd_cnt;
    if (total_aux > k_max_ver_aux) fail("too many Verdaux entries");
    std::uint64_t a = off + vd.vd_aux;
    for (std::uint32_t j = 0; j < vd.vd_cnt; ++j) {
      if (!fits(a, sizeof(Elf64_Verdaux), s.sh_size)) fail("Verdaux entry lies outside .gnu.version_d");
      const auto vda = m_file.read<Elf64_Verdaux>(s.sh_offset + a);
      check_string_index(vda.vda_name, "Verdaux name");
      if (j + 1 < vd.vd_cnt && vda.vda_next == 0) fail("Verdaux chain loops (vda_next 0 before vd_cnt entries)");
      a += vda.vda_next;
    }
    if (i + 1 < num && vd.vd_next == 0) fail("Verdef chain loops (vd_next 0 before DT_VERDEFNUM entries)");
    off += vd.vd_next;
  }
}

void ElfChecker::check_hashes() {
  std::uint64_t addr = 0;
  if (dyn_value(DT_HASH, addr)) {
    m_layout.hash = section_at(SHT_HASH, addr, "DT_HASH");
    check_mapped(m_layout.hash);
    const Elf64_Shdr& s = sec(m_layout.hash);
    if (s.sh_size < 8) fail(".hash is too small");
    const auto nbucket = m_file.read<std::uint32_t>(s.sh_offset), nchain = m_file.read<std::uint32_t>(s.sh_offset + 4);
    if (8 + 4 * (std::uint64_t(nbucket) + nchain) > s.sh_size) fail(".hash buckets/chains lie outside the section");
    if (m_layout.dynsym != k_no_index && nchain != m_layout.dynsym_count) fail(".hash nchain disagrees with .dynsym");
  }
  if (dyn_value(DT_GNU_HASH, addr)) {
    m_layout.gnu_hash = section_at(SHT_GNU_HASH, addr, "DT_GNU_HASH");
    check_mapped(m_layout.gnu_hash);
    const Elf64_Shdr& s = sec(m_layout.gnu_hash);
    if (s.sh_size < 16) fail(".gnu.hash is too small");
    const auto nbuckets = m_file.read<std::uint32_t>(s.sh_offset);
    const auto symoffset = m_file.read<std::uint32_t>(s.sh_offset + 4);
    const auto maskwords = m_file.read<std::uint32_t>(s.sh_offset + 8);
    const std::uint64_t buckets = 16 + 8 * std::uint64_t(maskwords);
    const std::uint64_t chains = buckets + 4 * std::uint64_t(nbuckets);
    if (chains > s.sh_size) fail(".gnu.hash buckets lie outside the section");
    if (m_layout.dynsym != k_no_index) check_gnu_chains(s, symoffset, nbuckets, buckets, chains);
  }
}

// Walks the chain of the highest bucket, as the loader would: every hashed symbol index must be a
// .dynsym index and the chain must end (low bit set) inside the section.
void ElfChecker::check_gnu_chains(const Elf64_Shdr& s, std::uint32_t symoffset, std::uint32_t nbuckets,
                                  std::uint64_t buckets, std::uint64_t chains) const {
  const std::uint64_t n = m_layout.dynsym_count;
  if (symoffset > n) fail(".gnu.hash symoffset exceeds the .dynsym count");
  std::uint32_t max_bucket = 0;
  for (std::uint32_t b = 0; b < nbuckets; ++b) {
    const auto v = m_file.read<std::uint32_t>(s.sh_offset + buckets + 4 * std::uint64_t(b));
    if (v != 0 && (v < symoffset || v >= n)) fail(".gnu.hash bucket names no hashed symbol");
    max_bucket = std::max(max_bucket, v);
  }
  if (max_bucket == 0) return;
  for (std::uint64_t i = max_bucket;; ++i) {
    const std::uint64_t off = chains + 4 * (i - symoffset);
    if (i >= n || !fits(off, 4, s.sh_size)) fail(".gnu.hash chain runs past the section");
    if (m_file.read<std::uint32_t>(s.sh_offset + off) & 1) return;
  }
}

void ElfChecker::check_symtab() {
  for (std::uint32_t i = 0; i < m_layout.shdrs.size(); ++i) {
    if (sec(i).sh_type != SHT_SYMTAB) continue;
    if (m_layout.symtab != k_no_index) fail("more than one SHT_SYMTAB section");
    check_symbol_table_shape(i);
    m_layout.symtab = i;
    m_layout.symtab_strtab = sec(i).sh_link;
  }
}

}  // namespace kb::inspect
