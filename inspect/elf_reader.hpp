// SPDX-License-Identifier: Apache-2.0
// ELF -> SoFacts. The only place that uses LIEF. Bytes are mmapped and checked by a
// bounds-checking pre-validator before LIEF sees a compacted skeleton of the dynamic view
// (docs/elf-prevalidation.md).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "inspect/so_facts.hpp"

namespace kb::inspect {

// Reads the dynamic view of a shared object. Throws Error(bad_input) naming the file and the
// reason when the file is missing, truncated, not ELF64 LE, or fails pre-validation.
// `with_cuda` also lists the embedded fatbins (SoFacts::cuda); walking them touches pages across
// device-code sections of 100s of MB, so callers that need no cuda.* rule pass false.
SoFacts read_so_facts(const std::filesystem::path& path, bool with_cuda = true);

// Same, on bytes already in memory (the fuzz target's entry point); `path` names them in errors.
SoFacts read_so_facts_from_memory(const std::uint8_t* data, std::uint64_t size, const std::string& path,
                                  bool with_cuda = true);

// True when the first bytes of the file are the ELF magic (cheap; for directory walks).
bool looks_like_elf(const std::filesystem::path& path);

// ELF magic and not a host relocatable object (.o files are link inputs, never loaded): shared
// objects, executables and standalone cubins (EM_CUDA, which may be ET_REL). For directory walks.
bool looks_like_loadable_elf(const std::filesystem::path& path);
// The same test on a file's first `n` bytes (20 are enough), e.g. of an archive member.
bool is_loadable_elf_header(const unsigned char* head, std::size_t n);

}  // namespace kb::inspect
