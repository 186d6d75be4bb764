// SPDX-License-Identifier: Apache-2.0
// For scripts/bench_elf.py: the ELF reader alone (mmap, pre-validation, skeleton, LIEF, facts),
// timed in-process so that kb's process start-up is not counted. Prints "KB_READ_MS <median>".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: elf_read_facts FILE.so\n");
    return 2;
  }
  std::vector<double> ms;
  std::size_t syms = 0;
  try {
    for (int i = 0; i < 21; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      syms = kb::inspect::read_so_facts(argv[1]).dynsyms.size();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
  } catch (const kb::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 3;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("KB_READ_MS %.3f dynsyms %zu\n", ms[ms.size() / 2], syms);
  return 0;
}
