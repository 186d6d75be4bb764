// SPDX-License-Identifier: Apache-2.0
// Standalone cubins. The cubin layout (two e_flags ABIs, where the `a` suffix lives) is described
// in docs/notes/issue-16.md; every offset is checked against the buffer before it is read.
#include "inspect/cubin_file.hpp"

#include <elf.h>

#include <cstring>

#include "core/error.hpp"
#include "inspect/byte_view.hpp"
#include "inspect/cubin_kernels.hpp"

namespace kb::inspect {

namespace {

constexpr std::uint32_t k_sht_cuda_compat = 0x70000086;  // .nv.compat
constexpr std::uint8_t k_compat_arch_specific = 0x09;    // attribute: built for sm_XXa
constexpr std::uint32_t k_old_abi_accelerators = 0x800;  // old-ABI e_flags bit for sm_90a

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::bad_input, path + ": " + what,
              "the cubin is truncated or corrupt; rebuild it (nvcc -cubin) or re-download it");
}

// .nv.compat is a list of 4-byte-aligned records: format byte, attribute byte, then a 2-byte
// value (formats 2 and 3) or a 2-byte length and that many bytes (format 4).
bool compat_says_arch_specific(std::string_view sec) {
  std::uint64_t off = 0;
  while (off + 4 <= sec.size()) {
    const auto fmt = static_cast<std::uint8_t>(sec[off]);
    const auto attr = static_cast<std::uint8_t>(sec[off + 1]);
    const std::uint16_t value = load<std::uint16_t>(sec, off + 2);
    if (fmt == 2 || fmt == 3) {
      if (attr == k_compat_arch_specific) return value != 0;
      off += 4;
    } else if (fmt == 4) {
      off += 4 + ((value + 3u) & ~3u);
    } else {
      return false;  // a format this reader does not know: no claim
    }
  }
  return false;
}

char arch_suffix(std::string_view bytes, const Elf64_Ehdr& eh, bool new_abi) {
  if (!new_abi) return (eh.e_flags & k_old_abi_accelerators) ? 'a' : 0;
  for (std::uint64_t i = 0; i < eh.e_shnum; ++i) {
    const auto s = load<Elf64_Shdr>(bytes, eh.e_shoff + i * sizeof(Elf64_Shdr));
    if (s.sh_type == k_sht_cuda_compat && inside(bytes, s.sh_offset, s.sh_size))
      return compat_says_arch_specific(bytes.substr(s.sh_offset, s.sh_size)) ? 'a' : 0;
  }
  return 0;
}

}  // namespace

bool is_cuda_elf(std::string_view bytes) {
  if (!inside(bytes, 0, sizeof(Elf64_Ehdr)) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) return false;
  if (bytes[EI_CLASS] != ELFCLASS64 || bytes[EI_DATA] != ELFDATA2LSB) return false;
  return load<Elf64_Ehdr>(bytes, 0).e_machine == k_em_cuda;
}

SoFacts read_cubin_facts(std::string_view bytes, const std::string& path) {
  if (!is_cuda_elf(bytes)) fail(path, "not an ELF64 little-endian cubin (e_machine EM_CUDA)");
  const auto eh = load<Elf64_Ehdr>(bytes, 0);
  if (eh.e_shentsize != sizeof(Elf64_Shdr) || !inside(bytes, eh.e_shoff, std::uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr)))
    fail(path, "cubin section header table lies outside the file");
  // CUDA <= 12 (EI_ABIVERSION 7) keeps the SM in the low byte; CUDA 13 (8) in the second byte.
  const bool new_abi = static_cast<std::uint8_t>(bytes[EI_ABIVERSION]) >= 8;
  FatbinEntry e;
  e.kind = FatbinKind::sass;
  e.raw_kind = 2;
  e.sm = new_abi ? (eh.e_flags >> 8) & 0xff : eh.e_flags & 0xff;
  e.suffix = arch_suffix(bytes, eh, new_abi);
  e.arch = "sm_" + std::to_string(e.sm) + (e.suffix ? std::string(1, e.suffix) : "");
  e.section = "cubin";
  e.payload_size = bytes.size();
  SoFacts f;
  f.path = path;
  f.file_size = bytes.size();
  f.machine = "cuda";
  FatbinListing listing;
  listing.sections.push_back("cubin");
  std::string why;
  e.kernels = cubin_kernels(bytes, why);
  if (!e.kernels) listing.problems.push_back({"cubin", 0, "cannot read the kernels of the " + e.arch + " cubin: " + why});
  listing.entries.push_back(std::move(e));
  f.cuda = std::move(listing);
  return f;
}

}  // namespace kb::inspect
