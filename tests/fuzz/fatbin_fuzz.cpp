// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the fatbin reader: the input is the contents of one
// `.nv_fatbin` section. read_fatbin_section is documented never to throw, so any exception,
// crash, hang, leak or RSS blowup is a finding. SASS entries then go through the payload
// decoder (zstd / LZ4, capped) and the cubin symbol reader, as the cuda.kernels rule does.
// Built by scripts/fuzz_fatbin.sh (clang, -fsanitize=fuzzer,address; tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "inspect/cubin_kernels.hpp"
#include "inspect/fatbin_payload.hpp"
#include "inspect/fatbin_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    kb::inspect::FatbinListing listing;
    kb::inspect::read_fatbin_section(bytes, ".nv_fatbin", listing);
    std::size_t n = listing.problems.size() + listing.sass_archs().size() + listing.ptx_archs().size();
    for (const auto& e : listing.entries) {
      if (e.offset > size) __builtin_trap();  // every entry was found inside the span
      if (e.kind != kb::inspect::FatbinKind::sass) continue;
      std::string why;
      const auto payload = kb::inspect::entry_payload(e, bytes, why);
      if (!payload) continue;
      if (const auto kernels = kb::inspect::cubin_kernels(*payload, why))
        for (const auto& k : *kernels) n += k.size();
    }
    if (n == static_cast<std::size_t>(-1)) __builtin_trap();
  } catch (...) {
    __builtin_trap();
  }
  return 0;
}
