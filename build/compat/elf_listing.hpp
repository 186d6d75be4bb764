// SPDX-License-Identifier: Apache-2.0
// What the compat layer needs to know about the host's libraries and libstdc++.a members,
// read through binutils' readelf (the toolchain that links the output is the authority on
// what it will bind; LIEF in inspect/ reads kb's outputs, not archive members).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/process.hpp"

namespace kb::build::compat {

struct ElfSymbol {
  std::string name;     // without @version
  std::string version;  // "GLIBC_2.2.5"; empty when unversioned
  bool is_default = false;  // name@@version
  bool defined = false;
  std::string type;     // FUNC OBJECT TLS IFUNC NOTYPE SECTION FILE
  std::string bind;     // GLOBAL WEAK LOCAL UNIQUE
  std::uint64_t size = 0;
  int section = -1;     // section index when defined in a numbered section
};

struct ElfSection {
  std::string name;
  bool writable = false;
  std::uint64_t size = 0;
};

struct ElfObject {
  std::string name;  // member name for archives, file name otherwise
  std::vector<ElfSymbol> symbols;
  std::map<int, ElfSection> sections;  // by index
};

// `readelf -W --dyn-syms` of a shared library.
std::vector<ElfSymbol> read_dynamic_symbols(const std::filesystem::path& lib, ProcessRunner& runner);

// `readelf -W -S -s` of an archive or object: one ElfObject per member.
std::vector<ElfObject> read_archive(const std::filesystem::path& archive, ProcessRunner& runner);

// Parsers, exposed for tests.
std::vector<ElfSymbol> parse_symbol_table(const std::string& readelf_output);
std::vector<ElfObject> parse_archive_listing(const std::string& readelf_output);

}  // namespace kb::build::compat
