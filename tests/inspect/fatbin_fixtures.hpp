// SPDX-License-Identifier: Apache-2.0
// Helpers for tests over the nvcc-built fatbin fixtures (tests/fixtures/fatbin.cmake) and the
// cuobjdump referee (PyPI nvidia-cuda-cuobjdump, installed by `make deps`).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "inspect/so_facts.hpp"

namespace kb::test {

// <binary dir>/tests/fixtures/fatbin/<name>.so
std::filesystem::path fatbin_fixture(const std::string& name);

// Every fixture name the CMake file builds.
const std::vector<std::string>& fatbin_fixture_names();

// The section table as binutils' `readelf -SW` prints it: a referee independent of kb's ELF reader.
std::vector<kb::inspect::SectionInfo> readelf_sections(const std::filesystem::path& so);

// The listing of a host ELF: kb's fatbin reader over the sections readelf reports.
kb::inspect::FatbinListing fatbin_listing_of(const std::filesystem::path& so);

// The pinned referee cuobjdump (nvidia-cuda-cuobjdump in the venv); empty when `make deps`
// has not installed it.
std::filesystem::path cuobjdump();

// `cuobjdump -all -lelf -lptx` as ("sass"|"ptx", arch) lines in cuobjdump's order, e.g.
// "sass sm_90", "ptx compute_90a".
std::vector<std::string> cuobjdump_listing(const std::filesystem::path& so);

// Our listing in cuobjdump's terms: LTO-IR left out (cuobjdump only warns about it) and the
// `f` dropped from cubin names (cuobjdump -lelf prints sm_100f cubins as sm_100).
std::vector<std::string> as_cuobjdump_lines(const kb::inspect::FatbinListing& l);

}  // namespace kb::test
