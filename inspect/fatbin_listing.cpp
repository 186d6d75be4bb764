// SPDX-License-Identifier: Apache-2.0
#include "inspect/fatbin_listing.hpp"

#include <algorithm>

#include "inspect/fatbin_arch.hpp"
#include "inspect/fatbin_format.hpp"

namespace kb::inspect {

const char* to_string(FatbinKind k) {
  switch (k) {
    case FatbinKind::ptx: return "ptx";
    case FatbinKind::sass: return "sass";
    case FatbinKind::lto_ir: return "lto-ir";
    case FatbinKind::unknown: break;
  }
  return "unknown";
}

const char* to_string(FatbinCompression c) {
  switch (c) {
    case FatbinCompression::lz4: return "lz4";
    case FatbinCompression::zstd: return "zstd";
    case FatbinCompression::none: break;
  }
  return "none";
}

namespace fatbin {

FatbinEntry make_entry(const EntryHeader& h) {
  FatbinEntry e;
  e.raw_kind = h.kind;
  e.kind = h.kind == k_kind_ptx ? FatbinKind::ptx
           : h.kind == k_kind_elf ? FatbinKind::sass
           : h.kind == k_kind_lto_ir ? FatbinKind::lto_ir
                                     : FatbinKind::unknown;
  e.sm = h.sm;
  // Both bits set is reported as a problem by the walk; the name then takes `a`.
  e.suffix = (h.flags & k_flag_arch_specific) ? 'a' : (h.flags & k_flag_family_specific) ? 'f' : 0;
  const char* prefix = e.kind == FatbinKind::ptx ? "compute_" : e.kind == FatbinKind::lto_ir ? "lto_" : "sm_";
  e.arch = prefix + std::to_string(h.sm);
  if (e.suffix) e.arch += e.suffix;
  e.version_major = h.major;
  e.version_minor = h.minor;
  e.compression = (h.flags & k_flag_zstd) ? FatbinCompression::zstd
                  : (h.flags & k_flag_lz4) ? FatbinCompression::lz4
                                           : FatbinCompression::none;
  e.header_size = h.header_size;
  e.payload_size = h.payload_size;
  e.compressed_size = e.compression == FatbinCompression::none ? 0 : h.compressed_size;
  e.uncompressed_size = e.compression == FatbinCompression::none ? 0 : h.uncompressed_size;
  e.flags = h.flags;
  e.debug = h.flags & k_flag_debug;
  e.obfuscated = h.flags & k_flag_obfuscated;
  return e;
}

}  // namespace fatbin

namespace {

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end(), arch_less);
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

bool FatbinListing::is_executable_view(const FatbinEntry& e) const {
  bool has_exec = std::find(sections.begin(), sections.end(), ".nv_fatbin") != sections.end();
  return has_exec ? e.section == ".nv_fatbin" : true;
}

std::vector<std::string> FatbinListing::sass_archs() const {
  std::vector<std::string> v;
  for (const FatbinEntry& e : entries)
    if (e.kind == FatbinKind::sass && is_executable_view(e)) v.push_back(e.arch);
  return sorted_unique(std::move(v));
}

std::vector<std::string> FatbinListing::ptx_archs() const {
  std::vector<std::string> v;
  for (const FatbinEntry& e : entries)
    if (e.kind == FatbinKind::ptx) v.push_back(e.arch);
  return sorted_unique(std::move(v));
}

}  // namespace kb::inspect
