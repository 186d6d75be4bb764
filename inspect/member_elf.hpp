// SPDX-License-Identifier: Apache-2.0
// Internal: the ELF facts of one member of an opened tree or wheel (core/tree), found by
// content: a member whose first bytes are a loadable ELF (shared object, executable, standalone
// cubin) is read, anything else is skipped. Members up to k_in_memory_limit are parsed in
// memory; bigger ones are streamed to a temporary file and read by mmap, so an 800 MB extension
// costs one window of pages, not its size (cuda.kernels releases pages as it goes).
#pragma once
#include <cstdint>
#include <optional>

#include "core/tree/kernel_tree.hpp"
#include "inspect/so_facts.hpp"

namespace kb::inspect {

constexpr std::uint64_t k_in_memory_limit = 64ull << 20;

// The facts of `m` (SoFacts::path = m.where) when it is a loadable ELF, else nullopt.
// `with_cuda` lists device code, `with_kernels` also reads kernel names. Safe to call from
// several threads. Throws Error(bad_input) naming the member. `in_memory_limit` is a parameter
// so tests can take the temp-file path with a small member.
std::optional<SoFacts> read_member_elf(const tree::Member& m, bool with_cuda, bool with_kernels,
                                       std::uint64_t in_memory_limit = k_in_memory_limit);

}  // namespace kb::inspect
