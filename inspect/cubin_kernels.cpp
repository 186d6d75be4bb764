// SPDX-License-Identifier: Apache-2.0
// A bounds-checked walk of one cubin's .symtab. LIEF 0.9 is not used here: it copies its input
// two or three times and costs ~2 µs a symbol, and cubins come out of user .so files, so every
// offset is checked against the buffer first. Only the section header table, one SHT_SYMTAB and
// its linked string table are read.
#include "inspect/cubin_kernels.hpp"

#include <elf.h>

#include <algorithm>
#include <cstring>

#include "inspect/byte_view.hpp"

namespace kb::inspect {

namespace {

constexpr unsigned char k_sto_cuda_entry = 0x10;

}  // namespace

std::optional<std::vector<std::string>> cubin_kernels(std::string_view cubin, std::string& why) {
  if (!inside(cubin, 0, sizeof(Elf64_Ehdr)) || std::memcmp(cubin.data(), ELFMAG, SELFMAG) != 0 ||
      cubin[EI_CLASS] != ELFCLASS64 || cubin[EI_DATA] != ELFDATA2LSB) {
    why = "payload is not a little-endian ELF64 cubin";
    return std::nullopt;
  }
  const auto eh = load<Elf64_Ehdr>(cubin, 0);
  if (eh.e_machine != k_em_cuda) {
    why = "cubin e_machine is " + std::to_string(eh.e_machine) + ", not EM_CUDA (190)";
    return std::nullopt;
  }
  if (eh.e_shentsize != sizeof(Elf64_Shdr) || !inside(cubin, eh.e_shoff, std::uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr))) {
    why = "cubin section header table lies outside the cubin";
    return std::nullopt;
  }
  auto shdr = [&](std::uint64_t i) { return load<Elf64_Shdr>(cubin, eh.e_shoff + i * sizeof(Elf64_Shdr)); };
  std::vector<std::string> names;
  for (std::uint64_t i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr sym = shdr(i);
    if (sym.sh_type != SHT_SYMTAB) continue;
    if (sym.sh_link >= eh.e_shnum || sym.sh_entsize != sizeof(Elf64_Sym) || !inside(cubin, sym.sh_offset, sym.sh_size)) {
      why = "cubin .symtab or its string table lies outside the cubin";
      return std::nullopt;
    }
    const Elf64_Shdr str = shdr(sym.sh_link);
    if (!inside(cubin, str.sh_offset, str.sh_size)) {
      why = "cubin .strtab lies outside the cubin";
      return std::nullopt;
    }
    std::string_view strtab = cubin.substr(str.sh_offset, str.sh_size);
    for (std::uint64_t off = 0; off + sizeof(Elf64_Sym) <= sym.sh_size; off += sizeof(Elf64_Sym)) {
      const auto s = load<Elf64_Sym>(cubin, sym.sh_offset + off);
      if (ELF64_ST_TYPE(s.st_info) != STT_FUNC || !(s.st_other & k_sto_cuda_entry) || s.st_shndx == SHN_UNDEF) continue;
      if (s.st_name >= strtab.size()) continue;
      std::string_view rest = strtab.substr(s.st_name);
      names.emplace_back(rest.substr(0, rest.find('\0')));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace kb::inspect
