// SPDX-License-Identifier: Apache-2.0
// Reading CUDA fat binaries out of a host ELF, without LIEF (LIEF 0.9 returns empty content
// for sections over 100 MB, and libcublasLt's .nv_fatbin is 139 MB). See fatbin_reader.cpp.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/fatbin_listing.hpp"

namespace kb::inspect {

struct SectionInfo;
struct SoFacts;

// Appends every entry of every container in `section_bytes` (the whole contents of the
// section named `section_name`) to `out`. Never throws and never reads outside the span:
// a malformed container or entry becomes a FatbinProblem and ends that section's walk.
// `done_with`, when given, is called with each container's bytes once walked (see read_fatbin_kernels).
void read_fatbin_section(std::string_view section_bytes, const std::string& section_name, FatbinListing& out,
                         const std::function<void(std::string_view)>& done_with = {});

// The listing of every fatbin section (`.nv_fatbin`, `__nv_relfatbin`) named in `sections`,
// read from `file` (the whole host ELF, e.g. MappedFile::bytes()). A section whose offset/size
// lie outside the file is a problem, not a throw.
FatbinListing read_fatbins(std::string_view file, const std::vector<SectionInfo>& sections,
                           const std::function<void(std::string_view)>& done_with = {});

// read_fatbins when `sections` holds a fatbin section, else nullopt (no device code).
std::optional<FatbinListing> read_fatbins_if_any(std::string_view file, const std::vector<SectionInfo>& sections,
                                                 const std::function<void(std::string_view)>& done_with = {});

// Fills FatbinEntry::kernels for every SASS entry by decompressing its payload and reading the
// cubin's symbol table. An entry that cannot be decompressed or parsed gets a problem instead.
// `done_with`, when given, is called with each entry's bytes (header and payload) once they have
// been read, so a caller reading from an mmap can release those pages (MappedFile::release).
void read_fatbin_kernels(std::string_view file, const std::vector<SectionInfo>& sections, FatbinListing& listing,
                         const std::function<void(std::string_view)>& done_with = {});

// read_fatbin_kernels for facts read from a file on disk (SoFacts::path), reopened by mmap;
// a no-op when there is no SASS or the path is not a file (archive members are not listed yet).
void read_cuda_kernels(SoFacts& facts);

// True for the section names the reader walks.
bool is_fatbin_section(const std::string& name);

}  // namespace kb::inspect
