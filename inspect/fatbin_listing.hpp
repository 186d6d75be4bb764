// SPDX-License-Identifier: Apache-2.0
// What kb knows about the CUDA device code embedded in one .so: every entry of every fatbin
// container in `.nv_fatbin` and `__nv_relfatbin` (docs/fatbin.md). Built by
// fatbin_reader.cpp from the entry headers alone; kernel names are filled in only when a rule
// needs them (the payloads must then be decompressed). Included from so_facts.hpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kb::inspect {

enum class FatbinKind { ptx, sass, lto_ir, unknown };
enum class FatbinCompression { none, lz4, zstd };

const char* to_string(FatbinKind k);         // "ptx", "sass", "lto-ir", "unknown"
const char* to_string(FatbinCompression c);  // "none", "lz4", "zstd"

struct FatbinEntry {
  FatbinKind kind = FatbinKind::unknown;
  std::uint16_t raw_kind = 0;  // header value: 1 PTX, 2 cubin, 8 LTO-IR
  std::uint32_t sm = 0;        // 90 for sm_90a
  char suffix = 0;             // 'a', 'f' or 0
  std::string arch;            // sm_90a (sass), compute_90 (ptx), lto_90 (lto-ir), sm_90 (unknown)
  // PTX: the PTX ISA version; cubin: the fatbin code version ([1,8] for CUDA 13).
  std::uint16_t version_major = 0, version_minor = 0;
  FatbinCompression compression = FatbinCompression::none;
  std::string section;             // ".nv_fatbin" or "__nv_relfatbin"
  std::uint32_t container = 0;     // index of the container within its section
  std::uint64_t offset = 0;        // entry header offset from the section start
  std::uint32_t header_size = 0;
  std::uint64_t payload_size = 0;       // bytes reserved after the header (padded to 8)
  std::uint32_t compressed_size = 0;    // 0 when uncompressed
  std::uint64_t uncompressed_size = 0;  // 0 when uncompressed
  std::uint64_t flags = 0;
  bool debug = false;
  bool obfuscated = false;  // LTO-IR is obfuscated; its payload cannot be opened
  // __global__ functions of a cubin, sorted; nullopt until read (or when unreadable).
  std::optional<std::vector<std::string>> kernels;

  // Bytes the payload occupies in the file: the compressed stream, or the padded payload.
  std::uint64_t stored_size() const { return compressed_size ? compressed_size : payload_size; }
  std::string version() const { return std::to_string(version_major) + "." + std::to_string(version_minor); }
};

// A structural defect: a truncated container, a size that points outside the section, an
// unreadable compressed cubin. Reported by the cuda.fatbin rule.
struct FatbinProblem {
  std::string section;
  std::uint64_t offset = 0;  // from the section start
  std::string message;
};

struct FatbinListing {
  std::vector<std::string> sections;  // fatbin sections found, in file order
  std::vector<FatbinEntry> entries;   // in section, container and entry order
  std::vector<FatbinProblem> problems;

  bool empty() const { return entries.empty(); }
  // The executable code the runtime loads: SASS in .nv_fatbin, or in __nv_relfatbin when the
  // file has no .nv_fatbin (cuobjdump's default view). Sorted, unique arch names.
  std::vector<std::string> sass_archs() const;
  // PTX from both sections (rdc PTX exists only in __nv_relfatbin). Sorted, unique.
  std::vector<std::string> ptx_archs() const;
  // True when `e` is in the executable view used by sass_archs().
  bool is_executable_view(const FatbinEntry& e) const;
};

// An arch list the kernel promises, found by the inspect driver next to the .so: the
// variant's metadata.json backend.archs, or the build.toml capabilities after kernel-builder's
// loose intersection with the nvcc version's default list. Capabilities as written there.
struct DeclaredCudaArchs {
  std::string source;              // the file the list came from
  std::vector<std::string> archs;  // "8.0", "9.0a", "12.1+PTX"
};

}  // namespace kb::inspect
