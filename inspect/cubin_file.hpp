// SPDX-License-Identifier: Apache-2.0
// Internal: a standalone cubin (an ELF64 file with e_machine EM_CUDA, as wheels ship precompiled
// device code) read as device code, not as a host shared object. Its program headers describe
// GPU memory, so the host pre-validator would reject it ("PT_LOAD segments overlap").
#pragma once
#include <string>
#include <string_view>

#include "inspect/so_facts.hpp"

namespace kb::inspect {

// True when `bytes` start with an ELF64 little-endian header whose e_machine is EM_CUDA (190).
bool is_cuda_elf(std::string_view bytes);

// SoFacts of a standalone cubin: machine "cuda", no dynamic view, and a FatbinListing holding one
// SASS entry (section "cubin") with the arch from e_flags (old and new cubin ABI), the `a` suffix
// from .nv.compat, the file size and the kernel entry points. Throws Error(bad_input) naming the
// file when the header is not a cubin kb can read. An `f` arch cannot be told from the cubin
// itself (only the fatbin entry header says it), so sm_100f reads as sm_100, as in cuobjdump.
SoFacts read_cubin_facts(std::string_view bytes, const std::string& path);

}  // namespace kb::inspect
