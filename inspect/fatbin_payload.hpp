// SPDX-License-Identifier: Apache-2.0
// Internal: the bytes of one fatbin entry's payload, decompressed when needed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "inspect/fatbin_listing.hpp"

namespace kb::inspect {

// Largest payload kb will decompress. The biggest cubin in the CUDA 13 libraries is a few
// MB; a header claiming more is either hostile or not something a rule needs to open.
constexpr std::uint64_t k_max_uncompressed_payload = 256ull << 20;

// The payload of `e` given the bytes of its section: the raw payload (NUL padding included)
// when uncompressed, else the zstd frame / LZ4 block inflated to exactly uncompressed_size.
// Returns nullopt and sets `why` for obfuscated entries, sizes outside the section or over
// the cap, and decoder errors.
std::optional<std::string> entry_payload(const FatbinEntry& e, std::string_view section_bytes, std::string& why);

// Same, without copying a stored (uncompressed) payload: a view into `section_bytes`, so a reader
// that needs only the cubin's tables touches only their pages; inflated payloads live in `storage`.
std::optional<std::string_view> entry_payload_view(const FatbinEntry& e, std::string_view section_bytes,
                                                   std::string& storage, std::string& why);

}  // namespace kb::inspect
