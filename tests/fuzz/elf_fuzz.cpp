// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the ELF entry point: any input must end in SoFacts or
// Error(bad_input); a crash, hang, leak, other exception or RSS blowup is a finding.
// Built by `make fuzz` (clang, -fsanitize=fuzzer,address; tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const kb::inspect::SoFacts f = kb::inspect::read_so_facts_from_memory(data, size, "fuzz.so");
    // Touch the results so that nothing is optimised away and strings are valid.
    std::size_t n = f.needed.size() + f.sections.size();
    for (const auto& s : f.dynsyms) n += s.name.size() + s.version.size();
    if (n == static_cast<std::size_t>(-1)) __builtin_trap();
  } catch (const kb::Error& e) {
    if (e.kind() != kb::ErrorKind::bad_input) __builtin_trap();
  }
  return 0;
}
