// SPDX-License-Identifier: Apache-2.0
#include "build/compat/elf_listing.hpp"

#include <sstream>

#include "core/error.hpp"

namespace kb::build::compat {
namespace {

std::vector<std::string> split_ws(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

void split_version(ElfSymbol& s, std::string full) {
  if (auto sp = full.find(" ("); sp != std::string::npos) full.resize(sp);
  auto at = full.find('@');
  if (at == std::string::npos) {
    s.name = full;
    return;
  }
  s.name = full.substr(0, at);
  s.is_default = full.compare(at, 2, "@@") == 0;
  s.version = full.substr(at + (s.is_default ? 2 : 1));
}

// "  12: 0000000000000000   117 FUNC    GLOBAL DEFAULT   17 exp@GLIBC_2.2.5"
bool parse_symbol_line(const std::string& line, ElfSymbol& s) {
  std::vector<std::string> t = split_ws(line);
  if (t.size() < 8 || t[0].size() < 2 || t[0].back() != ':' ||
      t[0].find_first_not_of("0123456789:") != std::string::npos)
    return false;
  std::size_t ndx = 6;
  if (t[ndx].front() == '[')  // st_other annotations, e.g. "[VARIANT_PCS]"
    while (ndx < t.size() && t[ndx].back() != ']') ++ndx;
  if (t[ndx].front() == '[') ++ndx;
  if (ndx + 1 >= t.size()) return false;
  s.size = std::stoull(t[2], nullptr, 0);
  s.type = t[3];
  s.bind = t[4];
  s.defined = t[ndx] != "UND";
  if (!t[ndx].empty() && std::isdigit(static_cast<unsigned char>(t[ndx][0])))
    s.section = std::stoi(t[ndx]);
  // The name is the rest of the line after the Ndx column (names have no spaces except " (N)").
  std::size_t pos = line.find(t[ndx], line.find(t[4]) + t[4].size());
  split_version(s, line.substr(line.find_first_not_of(' ', pos + t[ndx].size())));
  return !s.name.empty();
}

// "  [17] .text             PROGBITS        0000000000000000 000040 0000b5 00  AX  0   0 16"
bool parse_section_line(const std::string& line, int& index, ElfSection& sec) {
  auto open = line.find('[');
  auto close = line.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  std::string idx = line.substr(open + 1, close - open - 1);
  if (idx.find_first_not_of(" 0123456789") != std::string::npos || idx.find_first_of("0123456789") == std::string::npos)
    return false;
  std::vector<std::string> t = split_ws(line.substr(close + 1));
  if (t.size() < 7) return false;
  index = std::stoi(idx);
  sec.name = t[0];
  sec.size = std::stoull(t[4], nullptr, 16);
  // Flags column sits after ES; absent flags shift the columns, so test the token itself.
  sec.writable = t.size() >= 10 && t[6].find('W') != std::string::npos && t[6].find_first_not_of("WAXMSILOGTCxoEDlp") == std::string::npos;
  return true;
}

std::string run_readelf(const std::vector<std::string>& args, ProcessRunner& runner) {
  Command cmd;
  cmd.argv = {"readelf", "-W"};
  cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
  cmd.env["LC_ALL"] = "C";
  CommandResult r = runner.run(cmd);
  if (r.exit_code != 0)
    throw Error(ErrorKind::environment, "readelf " + args.back() + " failed: " + r.output,
                "install binutils (apt-get install binutils)");
  return r.output;
}

}  // namespace

std::vector<ElfSymbol> parse_symbol_table(const std::string& out) {
  std::vector<ElfSymbol> syms;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    ElfSymbol s;
    if (parse_symbol_line(line, s)) syms.push_back(std::move(s));
  }
  return syms;
}

std::vector<ElfObject> parse_archive_listing(const std::string& out) {
  std::vector<ElfObject> objs;
  std::istringstream in(out);
  bool in_sections = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("File: ", 0) == 0) {
      std::string f = line.substr(6);
      auto open = f.rfind('(');
      objs.push_back({open != std::string::npos ? f.substr(open + 1, f.size() - open - 2) : f, {}, {}});
      in_sections = false;
      continue;
    }
    if (line.rfind("Section Headers:", 0) == 0) in_sections = true;
    if (line.rfind("Symbol table", 0) == 0 || line.rfind("Key to Flags", 0) == 0) in_sections = false;
    int index = 0;
    ElfSection sec;
    ElfSymbol sym;
    bool is_sec = in_sections && parse_section_line(line, index, sec);
    bool is_sym = !in_sections && !is_sec && parse_symbol_line(line, sym);
    if ((is_sec || is_sym) && objs.empty()) objs.push_back({"", {}, {}});  // a plain .o has no "File:"
    if (is_sec) objs.back().sections[index] = sec;
    if (is_sym) objs.back().symbols.push_back(std::move(sym));
  }
  return objs;
}

std::vector<ElfSymbol> read_dynamic_symbols(const std::filesystem::path& lib, ProcessRunner& runner) {
  return parse_symbol_table(run_readelf({"--dyn-syms", lib.string()}, runner));
}

std::vector<ElfObject> read_archive(const std::filesystem::path& archive, ProcessRunner& runner) {
  return parse_archive_listing(run_readelf({"-S", "-s", archive.string()}, runner));
}

}  // namespace kb::build::compat
