// SPDX-License-Identifier: Apache-2.0
// The facts rules read about one shared object. Built by elf_reader.cpp (the only LIEF user)
// or by hand in tests; rules never touch LIEF or the disk.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "inspect/fatbin_listing.hpp"

namespace kb::inspect {

enum class SymbolBinding { local, global, weak, gnu_unique, other };
enum class SymbolType { notype, object, func, section, file, common, tls, gnu_ifunc, other };

struct DynSymbol {
  std::string name;          // mangled, as in .dynstr
  std::string version;       // e.g. "GLIBC_2.14"; empty when unversioned/local/global index
  std::string version_file;  // for imports: the Verneed file (e.g. "libc.so.6"); empty for defs
  bool defined = false;      // st_shndx != SHN_UNDEF
  bool hidden_version = false;  // versym bit 15 (non-default version)
  SymbolBinding binding = SymbolBinding::global;
  SymbolType type = SymbolType::notype;
};

// One vna_name of one Verneed file; includes needs with no symbol attached (GLIBC_ABI_DT_RELR).
struct VersionNeed {
  std::string file;     // "libc.so.6"
  std::string version;  // "GLIBC_2.28"
  bool weak = false;    // VER_FLG_WEAK
};

struct SectionInfo {
  std::string name;
  std::uint32_t type = 0;
  std::uint64_t flags = 0;
  std::uint64_t offset = 0;  // file offset (original, not the LIEF skeleton's)
  std::uint64_t size = 0;
};

struct SoFacts {
  std::string path;
  std::uint64_t file_size = 0;
  std::string machine;  // "x86_64", "aarch64", "i686", "ppc64le", "s390x", or "em:<n>"
  std::string soname;
  std::vector<std::string> needed;   // DT_NEEDED in order
  std::vector<std::string> rpath;    // DT_RPATH split on ':'
  std::vector<std::string> runpath;  // DT_RUNPATH split on ':'
  std::vector<VersionNeed> version_needs;
  std::vector<std::string> version_defs;  // Verdef names (first Verdaux)
  std::vector<DynSymbol> dynsyms;  // .dynsym in file order, without the null symbol at index 0
  bool has_gnu_stack = false;
  bool exec_stack = false;  // PT_GNU_STACK with PF_X, or no PT_GNU_STACK at all on x86_64
  bool textrel = false;     // DT_TEXTREL or DF_TEXTREL
  std::vector<SectionInfo> sections;
  // TORCH_LIBRARY namespaces found by scanning .dynsym (and .symtab when present) for
  // TORCH_LIBRARY_init_<ns> / TORCH_LIBRARY_FRAGMENT_init_<ns>_<k>; may be empty if stripped.
  std::vector<std::string> torch_library_namespaces;
  // CUDA device code (inspect/fatbin_reader.hpp); nullopt when the file has no fatbin section.
  std::optional<FatbinListing> cuda;
  // What metadata.json / build.toml declare for this .so's variant; empty when neither is found.
  std::vector<DeclaredCudaArchs> declared_cuda_archs;
};

}  // namespace kb::inspect
