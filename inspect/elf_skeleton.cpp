// SPDX-License-Identifier: Apache-2.0
// Skeleton layout: Ehdr, Phdrs, one window per PT_LOAD holding its kept sections (the window
// keeps the sections' relative offsets so LIEF's vaddr->offset mapping through that PT_LOAD
// still holds; bytes between kept sections are zero), then non-alloc kept sections, then Shdrs.
// Dropped sections get offset 0 and size 0 (LIEF reserves memory by size), PT_LOAD gets
// p_filesz 0 (LIEF would copy it), and the DT_*SZ values that would make LIEF read relocation
// or init arrays at addresses that now map elsewhere are zeroed.
#include "inspect/elf_skeleton.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "inspect/elf_prevalidate.hpp"

namespace kb::inspect {
namespace {

std::uint64_t align_up(std::uint64_t v, std::uint64_t a) { return (v + a - 1) / a * a; }

std::string machine_name(std::uint16_t m) {
  switch (m) {
    case EM_X86_64:
      return "x86_64";
    case EM_AARCH64:
      return "aarch64";
    case EM_386:
      return "i686";
    case EM_PPC64:
      return "ppc64le";
    case EM_S390:
      return "s390x";
    default:
      return "em:" + std::to_string(m);
  }
}

// The PT_LOAD mapping section s linearly (the validator checked one exists), or -1.
int load_of(const ElfLayout& l, const Elf64_Shdr& s) {
  for (std::size_t p = 0; p < l.phdrs.size(); ++p) {
    const Elf64_Phdr& ph = l.phdrs[p];
    if (ph.p_type != PT_LOAD || s.sh_offset < ph.p_offset || s.sh_addr < ph.p_vaddr) continue;
    const std::uint64_t rel = s.sh_offset - ph.p_offset;
    if (rel == s.sh_addr - ph.p_vaddr && rel <= ph.p_filesz && s.sh_size <= ph.p_filesz - rel) return int(p);
  }
  return -1;
}

std::vector<std::uint32_t> kept_sections(const ElfLayout& l) {
  std::vector<std::uint32_t> kept;
  for (std::uint32_t i : {l.dynamic, l.dynsym, l.dynstr, l.versym, l.verneed, l.verdef, l.hash, l.gnu_hash,
                          std::uint32_t(l.ehdr.e_shstrndx)})
    if (i != k_no_index && std::find(kept.begin(), kept.end(), i) == kept.end()) kept.push_back(i);
  return kept;
}

struct Placement {
  std::vector<std::uint64_t> new_offset;   // by section index; only meaningful for kept ones
  std::vector<std::uint64_t> load_offset;  // rewritten p_offset per phdr (0 when no window)
  std::vector<bool> has_window;
  std::uint64_t end = 0;
};

Placement place(const ElfLayout& l, const std::vector<std::uint32_t>& kept, const std::string& path) {
  Placement pl;
  pl.new_offset.assign(l.shdrs.size(), 0);
  pl.load_offset.assign(l.phdrs.size(), 0);
  pl.has_window.assign(l.phdrs.size(), false);
  std::vector<int> win(l.shdrs.size(), -1);  // the PT_LOAD whose window holds a kept section
  for (std::uint32_t i : kept)
    if (l.shdrs[i].sh_flags & SHF_ALLOC) win[i] = load_of(l, l.shdrs[i]);
  std::uint64_t cur = sizeof(Elf64_Ehdr) + l.phdrs.size() * sizeof(Elf64_Phdr);
  for (std::size_t p = 0; p < l.phdrs.size(); ++p) {
    std::uint64_t lo = ~std::uint64_t(0), hi = 0;
    for (std::uint32_t i : kept)
      if (win[i] == int(p)) {
        lo = std::min(lo, l.shdrs[i].sh_offset);
        hi = std::max(hi, l.shdrs[i].sh_offset + l.shdrs[i].sh_size);
      }
    if (hi == 0 && lo == ~std::uint64_t(0)) continue;
    // LIEF copies its input about three times: bound the image, not just each window.
    if (hi - lo > k_max_image - cur)
      throw Error(ErrorKind::bad_input, path + ": the dynamic tables span more than 64 MiB",
                  "kb's ELF reader does not support this layout; please report it");
    const std::uint64_t new_lo = align_up(cur, 64) + lo % 64;
    for (std::uint32_t i : kept)
      if (win[i] == int(p)) pl.new_offset[i] = new_lo + (l.shdrs[i].sh_offset - lo);
    pl.load_offset[p] = new_lo - (lo - l.phdrs[p].p_offset);  // mod 2^64, as LIEF computes it
    pl.has_window[p] = true;
    cur = new_lo + (hi - lo);
  }
  for (std::uint32_t i : kept)
    if (win[i] < 0) {
      pl.new_offset[i] = align_up(cur, 8);
      cur = pl.new_offset[i] + l.shdrs[i].sh_size;
    }
  pl.end = align_up(cur, 8);
  return pl;
}

void write_headers(const ElfLayout& l, const Placement& pl, const std::vector<std::uint32_t>& kept,
                   std::vector<std::uint8_t>& img) {
  Elf64_Ehdr eh = l.ehdr;
  eh.e_phoff = sizeof(Elf64_Ehdr);
  eh.e_shoff = pl.end;
  std::memcpy(img.data(), &eh, sizeof eh);
  for (std::size_t p = 0; p < l.phdrs.size(); ++p) {
    Elf64_Phdr ph = l.phdrs[p];
    if (ph.p_type == PT_LOAD) {
      ph.p_offset = pl.load_offset[p];
      ph.p_filesz = 0;
    } else if (ph.p_type == PT_PHDR) {
      ph.p_offset = sizeof(Elf64_Ehdr);
      ph.p_filesz = l.phdrs.size() * sizeof(Elf64_Phdr);
    } else if (p == l.dynamic_phdr) {
      ph.p_offset = pl.new_offset[l.dynamic];
    } else {
      ph.p_offset = 0;
      ph.p_filesz = 0;
    }
    std::memcpy(img.data() + sizeof(Elf64_Ehdr) + p * sizeof(Elf64_Phdr), &ph, sizeof ph);
  }
  for (std::size_t i = 0; i < l.shdrs.size(); ++i) {
    Elf64_Shdr sh = l.shdrs[i];
    const bool keep = std::find(kept.begin(), kept.end(), std::uint32_t(i)) != kept.end();
    sh.sh_offset = keep ? pl.new_offset[i] : 0;
    if (!keep) sh.sh_size = 0;
    std::memcpy(img.data() + pl.end + i * sizeof(Elf64_Shdr), &sh, sizeof sh);
  }
}

// Neutralises the dynamic entries LIEF would follow into bytes the skeleton dropped.
void rewrite_dynamic(const ElfLayout& l, std::uint64_t dyn_off, std::vector<std::uint8_t>& img, Skeleton& sk) {
  for (std::uint64_t k = 0; k < l.dyn_entries; ++k) {
    Elf64_Dyn d;
    std::memcpy(&d, img.data() + dyn_off + k * sizeof d, sizeof d);
    if (k >= l.dyn_live) {
      d = Elf64_Dyn{};  // ld.so stops at the first DT_NULL; LIEF would not
    } else if (d.d_tag == DT_RELASZ || d.d_tag == DT_RELSZ || d.d_tag == DT_PLTRELSZ || d.d_tag == DT_INIT_ARRAYSZ ||
               d.d_tag == DT_FINI_ARRAYSZ || d.d_tag == DT_PREINIT_ARRAYSZ) {
      sk.zeroed_dyn.emplace_back(k, d.d_un.d_val);
      d.d_un.d_val = 0;
    }
    std::memcpy(img.data() + dyn_off + k * sizeof d, &d, sizeof d);
  }
}

}  // namespace

Skeleton build_skeleton(ByteView file, const std::string& path) {
  const ElfLayout l = prevalidate(file, path);
  const std::vector<std::uint32_t> kept = kept_sections(l);
  const Placement pl = place(l, kept, path);
  Skeleton sk;
  sk.image.assign(pl.end + l.shdrs.size() * sizeof(Elf64_Shdr), 0);
  for (std::uint32_t i : kept)
    std::memcpy(sk.image.data() + pl.new_offset[i], file.data + l.shdrs[i].sh_offset, l.shdrs[i].sh_size);
  write_headers(l, pl, kept, sk.image);
  if (l.dynamic != k_no_index) rewrite_dynamic(l, pl.new_offset[l.dynamic], sk.image, sk);
  sk.phoff = l.ehdr.e_phoff;
  sk.shoff = l.ehdr.e_shoff;
  for (const Elf64_Shdr& s : l.shdrs) sk.sections.push_back({s.sh_offset, s.sh_size});
  for (const Elf64_Phdr& p : l.phdrs) sk.segments.push_back({p.p_offset, p.p_filesz});
  sk.dyn_entries = l.dyn_entries;
  sk.dyn_live = l.dyn_live;
  sk.has_dynsym = l.dynsym != k_no_index;
  sk.dynsym_count = l.dynsym_count;
  sk.verneed_num = l.verneed_num;
  sk.verdef_num = l.verdef_num;
  sk.machine = machine_name(l.ehdr.e_machine);
  if (l.symtab != k_no_index)
    sk.symtab_strings = {l.shdrs[l.symtab_strtab].sh_offset, l.shdrs[l.symtab_strtab].sh_size};
  return sk;
}

}  // namespace kb::inspect
