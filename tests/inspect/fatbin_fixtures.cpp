// SPDX-License-Identifier: Apache-2.0
#include "tests/inspect/fatbin_fixtures.hpp"

#include <regex>

#include "core/mapped_file.hpp"
#include "inspect/fatbin_reader.hpp"
#include "inspect/so_facts.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;

namespace kb::test {

fs::path fatbin_fixture(const std::string& name) { return fs::path(KB_FATBIN_FIXTURE_DIR) / (name + ".so"); }

const std::vector<std::string>& fatbin_fixture_names() {
  static const std::vector<std::string> names = {
      "gencode_ptx", "arch_a", "family_f", "compress_default", "compress_size", "compress_speed", "compress_none",
      "two_tu",      "rdc",    "lto",      "dup_arch",         "ptx_only",      "partial_kernel"};
  return names;
}

std::vector<kb::inspect::SectionInfo> readelf_sections(const fs::path& so) {
  CommandResult r = run({"readelf", "-SW", so.string()});
  static const std::regex row(R"(\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+))");
  std::vector<kb::inspect::SectionInfo> out;
  for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), row); it != std::sregex_iterator(); ++it) {
    kb::inspect::SectionInfo s;
    s.name = (*it)[1];
    s.type = (*it)[2] == "NOBITS" ? 8 : 1;
    s.offset = std::stoull((*it)[3], nullptr, 16);
    s.size = std::stoull((*it)[4], nullptr, 16);
    out.push_back(s);
  }
  return out;
}

kb::inspect::FatbinListing fatbin_listing_of(const fs::path& so) {
  return kb::inspect::read_fatbins(MappedFile(so).bytes(), readelf_sections(so));
}

fs::path cuobjdump() {
  fs::path py = python();
  if (py.empty()) return {};
  // Ask pip's metadata for the pinned package's file: other wheels (triton) ship an older
  // cuobjdump (12.8) that drops the a/f suffixes from every name.
  CommandResult r = run({py.string(), "-c",
                         "import importlib.metadata as m; print(next(f.locate() for f in "
                         "m.files('nvidia-cuda-cuobjdump') if f.name == 'cuobjdump'))"});
  std::string path = r.output.substr(0, r.output.find('\n'));
  return r.exit_code == 0 && fs::exists(path) ? fs::path(path) : fs::path();
}

std::vector<std::string> cuobjdump_listing(const fs::path& so) {
  CommandResult r = run({cuobjdump().string(), "-all", "-lelf", "-lptx", so.string()});
  // cuobjdump omits the newline before its "info" line, so match anywhere, not per line.
  static const std::regex line(R"((ELF|PTX) file\s+\d+: \S*?\.sm_(\d+[af]?)\.(cubin|ptx))");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), line); it != std::sregex_iterator(); ++it) {
    bool elf = (*it)[1] == "ELF";
    out.push_back(std::string(elf ? "sass sm_" : "ptx compute_") + (*it)[2].str());
  }
  return out;
}

std::vector<std::string> as_cuobjdump_lines(const kb::inspect::FatbinListing& l) {
  std::vector<std::string> out;
  for (const auto& e : l.entries) {
    if (e.kind == kb::inspect::FatbinKind::sass) {
      out.push_back("sass sm_" + std::to_string(e.sm) + (e.suffix == 'a' ? "a" : ""));
    } else if (e.kind == kb::inspect::FatbinKind::ptx) {
      out.push_back("ptx " + e.arch);
    }
  }
  return out;
}

}  // namespace kb::test
