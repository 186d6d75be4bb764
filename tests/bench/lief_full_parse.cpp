// SPDX-License-Identifier: Apache-2.0
// Baseline for scripts/bench_elf.py: what parsing a .so with LIEF 0.9 directly costs
// (LIEF::ELF::Parser::parse(path), which copies the whole file into memory more than once).
#include <LIEF/ELF.hpp>
#include <LIEF/logging.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lief_full_parse FILE.so\n");
    return 2;
  }
  LIEF::Logger::disable();
  std::unique_ptr<LIEF::ELF::Binary> bin = LIEF::ELF::Parser::parse(argv[1]);
  if (!bin) return 3;
  std::printf("sections %zu segments %zu dynsyms %zu verneed %zu\n", bin->sections().size(), bin->segments().size(),
              bin->dynamic_symbols().size(), bin->symbols_version_requirement().size());
  return 0;
}
