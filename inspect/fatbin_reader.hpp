// SPDX-License-Identifier: Apache-2.0
// Reading CUDA fat binaries out of a host ELF, without LIEF (LIEF 0.9 returns empty content
// for sections over 100 MB, and libcublasLt's .nv_fatbin is 139 MB). See fatbin_reader.cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "inspect/fatbin_listing.hpp"

namespace kb {
class MappedFile;
}

namespace kb::inspect {

struct SectionInfo;

// Appends every entry of every container in `section_bytes` (the whole contents of the
// section named `section_name`) to `out`. Never throws and never reads outside the span:
// a malformed container or entry becomes a FatbinProblem and ends that section's walk.
void read_fatbin_section(std::string_view section_bytes, const std::string& section_name, FatbinListing& out);

// The listing of every fatbin section (`.nv_fatbin`, `__nv_relfatbin`) named in `sections`,
// read from `file`. A section whose offset/size lie outside the file is a problem, not a throw.
FatbinListing read_fatbins(const MappedFile& file, const std::vector<SectionInfo>& sections);

// Fills FatbinEntry::kernels for every SASS entry by decompressing its payload and reading the
// cubin's symbol table. An entry that cannot be decompressed or parsed gets a problem instead.
void read_fatbin_kernels(const MappedFile& file, const std::vector<SectionInfo>& sections, FatbinListing& listing);

// True for the section names the reader walks.
bool is_fatbin_section(const std::string& name);

}  // namespace kb::inspect
