// SPDX-License-Identifier: Apache-2.0
// Decompression (docs/fatbin.md, "Compression"): flag 0x8000 payloads are one zstd frame of
// compressed_size bytes; flag 0x2000 payloads are a raw LZ4 block (no frame header). Both
// inflate to exactly uncompressed_size bytes; anything else is a defect.
#include "inspect/fatbin_payload.hpp"

#include <lz4.h>
#include <zstd.h>

namespace kb::inspect {

namespace {

// Rejects an uncompressed_size the stream cannot produce before allocating it, so that a few
// lying header bytes cannot make kb reserve up to the cap (found by tests/fuzz/fatbin_fuzz.cpp):
// a zstd frame states its content size, and an LZ4 block inflates at most 255:1.
bool size_is_possible(const FatbinEntry& e, std::string_view payload, std::string& why) {
  if (e.compression == FatbinCompression::zstd) {
    const unsigned long long n = ZSTD_getFrameContentSize(payload.data(), e.compressed_size);
    if (n == ZSTD_CONTENTSIZE_ERROR || (n != ZSTD_CONTENTSIZE_UNKNOWN && n != e.uncompressed_size)) {
      why = "zstd frame content size differs from the header's uncompressed size";
      return false;
    }
    return true;
  }
  if (e.uncompressed_size > std::uint64_t(e.compressed_size) * 255 + 16) {
    why = "LZ4 block of " + std::to_string(e.compressed_size) + " bytes cannot inflate to " +
          std::to_string(e.uncompressed_size);
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> entry_payload_view(const FatbinEntry& e, std::string_view section_bytes,
                                                   std::string& storage, std::string& why) {
  const std::uint64_t start = e.offset + e.header_size;
  if (e.compression == FatbinCompression::none && !e.obfuscated && start >= e.offset &&
      start <= section_bytes.size() && e.payload_size <= section_bytes.size() - start)
    return section_bytes.substr(start, e.payload_size);
  std::optional<std::string> inflated = entry_payload(e, section_bytes, why);
  if (!inflated) return std::nullopt;
  storage = std::move(*inflated);
  return std::string_view(storage);
}

std::optional<std::string> entry_payload(const FatbinEntry& e, std::string_view section_bytes, std::string& why) {
  if (e.obfuscated) {
    why = "payload is obfuscated";
    return std::nullopt;
  }
  const std::uint64_t start = e.offset + e.header_size;
  if (start < e.offset || start > section_bytes.size() || e.payload_size > section_bytes.size() - start) {
    why = "payload lies outside its section";
    return std::nullopt;
  }
  std::string_view payload = section_bytes.substr(start, e.payload_size);
  if (e.compression == FatbinCompression::none) return std::string(payload);
  if (e.compressed_size > payload.size()) {
    why = "compressed size exceeds the payload";
    return std::nullopt;
  }
  if (e.uncompressed_size == 0 || e.uncompressed_size > k_max_uncompressed_payload) {
    why = "uncompressed size " + std::to_string(e.uncompressed_size) + " is 0 or over kb's cap of " +
          std::to_string(k_max_uncompressed_payload) + " bytes";
    return std::nullopt;
  }
  if (!size_is_possible(e, payload, why)) return std::nullopt;
  std::string out(e.uncompressed_size, '\0');
  if (e.compression == FatbinCompression::zstd) {
    size_t n = ZSTD_decompress(out.data(), out.size(), payload.data(), e.compressed_size);
    if (ZSTD_isError(n) || n != out.size()) {
      why = std::string("zstd: ") + (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "size differs from the header");
      return std::nullopt;
    }
    return out;
  }
  if (e.compressed_size > unsigned(LZ4_MAX_INPUT_SIZE) || out.size() > unsigned(LZ4_MAX_INPUT_SIZE)) {
    why = "LZ4 block too large";
    return std::nullopt;
  }
  int n = LZ4_decompress_safe(payload.data(), out.data(), int(e.compressed_size), int(out.size()));
  if (n < 0 || std::uint64_t(n) != out.size()) {
    why = "lz4: corrupt block or size differs from the header";
    return std::nullopt;
  }
  return out;
}

}  // namespace kb::inspect
