// SPDX-License-Identifier: Apache-2.0
// Referee: binutils readelf. On the CUDA libraries and a sample of the system's libraries, the
// reader's DT_NEEDED, version needs and .dynsym (count, names, versions) equal readelf's.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "tests/test_env.hpp"

using namespace kb;
namespace fs = std::filesystem;

namespace {

struct Referee {
  std::vector<std::string> needed;
  std::vector<std::string> needs;  // "file version", sorted
  std::vector<std::string> syms;   // "name@VER" / "name@@VER" / "name", .dynsym order, no null symbol
};

std::string after(const std::string& line, const std::string& key) {
  const auto p = line.find(key);
  if (p == std::string::npos) return {};
  const auto b = p + key.size();
  return line.substr(b, line.find_first_of(" ]", b) - b);
}

// One .dynsym row: "  12: 0000000000001139    11 FUNC    GLOBAL DEFAULT   14 bar@@MYLIB_1.0"
// readelf shows STB_GNU_UNIQUE as "<OS specific>: 10" unless EI_OSABI is GNU: one field, two words.
std::string symbol_field(std::string line) {
  for (const std::string k : {"<OS specific>: ", "<processor specific>: "}) {
    const auto p = line.find(k);
    if (p != std::string::npos) line.erase(p, k.size() - 1);
  }
  std::istringstream in(line);
  std::string f, name;
  for (int i = 0; i < 7; ++i) in >> f;  // Num Value Size Type Bind Vis Ndx
  std::getline(in >> std::ws, name);
  const auto paren = name.find(" (");
  return paren == std::string::npos ? name : name.substr(0, paren);
}

Referee run_readelf(const fs::path& so) {
  const CommandResult r = test::run({"readelf", "-W", "--dyn-syms", "-V", "-d", so.string()});
  REQUIRE(r.exit_code == 0);
  Referee ref;
  std::istringstream in(r.output);
  std::string line, file, mode;
  while (std::getline(in, line)) {
    if (line.find("(NEEDED)") != std::string::npos) ref.needed.push_back(after(line, "Shared library: ["));
    if (line.rfind("Version needs section", 0) == 0)
      mode = "needs";
    else if (line.rfind("Symbol table '.dynsym'", 0) == 0)
      mode = "syms";
    else if (line.rfind("Version", 0) == 0 || line.rfind("Symbol table", 0) == 0)
      mode.clear();
    if (mode == "needs" && line.find("File: ") != std::string::npos)
      file = after(line, "File: ");
    else if (mode == "needs" && line.find("Name: ") != std::string::npos)
      ref.needs.push_back(file + " " + after(line, "Name: "));
    else if (mode == "syms" && line.find(':') != std::string::npos && line.find("Num:") == std::string::npos &&
             line.find("Symbol table") == std::string::npos && line.find("    0: ") == std::string::npos)
      ref.syms.push_back(symbol_field(line));
  }
  std::sort(ref.needs.begin(), ref.needs.end());
  return ref;
}

Referee from_facts(const inspect::SoFacts& f) {
  Referee ours{f.needed, {}, {}};
  for (const auto& n : f.version_needs) ours.needs.push_back(n.file + " " + n.version);
  std::sort(ours.needs.begin(), ours.needs.end());
  for (const auto& s : f.dynsyms) {
    // readelf prints a version definition's own symbol (name == version) bare.
    if (s.version.empty() || s.version == s.name)
      ours.syms.push_back(s.name);
    else
      ours.syms.push_back(s.name + (s.defined && !s.hidden_version ? "@@" : "@") + s.version);
  }
  return ours;
}

std::vector<fs::path> elf_files(const fs::path& dir, std::size_t stride) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && !e.is_symlink() && e.path().filename().string().find(".so") != std::string::npos &&
        inspect::looks_like_elf(e.path()))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  std::vector<fs::path> sample;
  for (std::size_t i = 0; i < out.size(); i += stride) sample.push_back(out[i]);
  return sample;
}

void compare(const fs::path& so) {
  INFO(so.string());
  const Referee ref = run_readelf(so);
  const Referee ours = from_facts(inspect::read_so_facts(so));
  CHECK(ours.needed == ref.needed);
  CHECK(ours.needs == ref.needs);
  REQUIRE(ours.syms.size() == ref.syms.size());
  for (std::size_t i = 0; i < ref.syms.size(); ++i) {
    INFO("dynsym " << i + 1);
    CHECK(ours.syms[i] == ref.syms[i]);
  }
}

}  // namespace

TEST_CASE("elf reader agrees with readelf on the CUDA libraries", "[inspect][elf][readelf][e2e]") {
  const auto files = elf_files("/usr/local/cuda/lib64", 1);
  REQUIRE(files.size() >= 10);  // nvcc 13 is part of the machine (BRIEF)
  for (const auto& so : files) compare(so);
}

TEST_CASE("elf reader agrees with readelf on system libraries", "[inspect][elf][readelf][referee]") {
  auto files = elf_files("/usr/lib/x86_64-linux-gnu", 7);
  REQUIRE(files.size() >= 30);
  for (const char* must : {"libc.so.6", "libstdc++.so.6", "libz.so.1", "libgcc_s.so.1"})
    files.push_back(fs::canonical(fs::path("/usr/lib/x86_64-linux-gnu") / must));
  for (const auto& so : files) compare(so);
}
