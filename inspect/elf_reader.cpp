// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER: replaced by the ELF reader (issue 2).
#include "inspect/elf_reader.hpp"

#include <fstream>

#include "core/error.hpp"

namespace kb::inspect {

bool looks_like_elf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char m[4] = {};
  in.read(m, 4);
  return in.gcount() == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

SoFacts read_so_facts(const std::filesystem::path& path) {
  throw Error(ErrorKind::bad_input, path.string() + ": ELF reader not implemented yet");
}

}  // namespace kb::inspect
