// SPDX-License-Identifier: Apache-2.0
// Glue between the host ELF's section table (SoFacts::sections, original file offsets) and the
// fatbin walk. `file` is the mmap of the whole .so (elf_reader.cpp), so a 139 MB .nv_fatbin is
// never copied and only the pages holding entry headers are touched.
#include <elf.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "inspect/cubin_kernels.hpp"
#include "inspect/fatbin_payload.hpp"
#include "inspect/fatbin_reader.hpp"
#include "inspect/so_facts.hpp"

namespace kb::inspect {

namespace {

// The section's bytes, or nullopt (with a problem recorded) when the table lies about them.
std::optional<std::string_view> section_bytes(std::string_view file, const SectionInfo& s, FatbinListing* out) {
  if (s.type == SHT_NOBITS) {
    if (out) out->problems.push_back({s.name, 0, "fatbin section has no file contents (SHT_NOBITS)"});
    return std::nullopt;
  }
  if (s.offset > file.size() || s.size > file.size() - s.offset) {
    if (out)
      out->problems.push_back({s.name, 0, "section [" + std::to_string(s.offset) + ", +" + std::to_string(s.size) +
                                              ") lies outside the file (" + std::to_string(file.size()) + " bytes)"});
    return std::nullopt;
  }
  return file.substr(s.offset, s.size);
}

}  // namespace

void read_cuda_kernels(SoFacts& facts) {
  if (!facts.cuda || facts.cuda->sass_archs().empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(facts.path, ec)) return;
  try {
    const MappedFile file(facts.path);
    // Pages are dropped behind the reader: cuda.kernels touches every cubin of fatbins of
    // 100s of MB, and keeping them resident made peak RSS the size of the file.
    read_fatbin_kernels(file.bytes(), facts.sections, *facts.cuda, [&](std::string_view done) { file.release(done); });
  } catch (const Error& e) {
    facts.cuda->problems.push_back({"", 0, e.what()});
  }
}

bool is_fatbin_section(const std::string& name) { return name == ".nv_fatbin" || name == "__nv_relfatbin"; }

FatbinListing read_fatbins(std::string_view file, const std::vector<SectionInfo>& sections,
                           const std::function<void(std::string_view)>& done_with) {
  FatbinListing listing;
  for (const SectionInfo& s : sections) {
    if (!is_fatbin_section(s.name)) continue;
    if (auto bytes = section_bytes(file, s, &listing)) read_fatbin_section(*bytes, s.name, listing, done_with);
  }
  return listing;
}

std::optional<FatbinListing> read_fatbins_if_any(std::string_view file, const std::vector<SectionInfo>& sections,
                                                 const std::function<void(std::string_view)>& done_with) {
  for (const SectionInfo& s : sections)
    if (is_fatbin_section(s.name)) return read_fatbins(file, sections, done_with);
  return std::nullopt;
}

void read_fatbin_kernels(std::string_view file, const std::vector<SectionInfo>& sections, FatbinListing& listing,
                         const std::function<void(std::string_view)>& done_with) {
  for (FatbinEntry& e : listing.entries) {
    if (e.kind != FatbinKind::sass || e.kernels) continue;
    for (const SectionInfo& s : sections) {
      if (s.name != e.section) continue;
      auto bytes = section_bytes(file, s, nullptr);
      if (!bytes) break;
      std::string why, storage;
      std::optional<std::string_view> payload = entry_payload_view(e, *bytes, storage, why);
      if (payload) e.kernels = cubin_kernels(*payload, why);
      if (done_with && e.offset <= bytes->size())
        done_with(bytes->substr(e.offset, std::uint64_t(e.header_size) + e.payload_size));
      if (!e.kernels)
        listing.problems.push_back({e.section, e.offset, "cannot read the " + e.arch + " cubin: " + why});
      break;
    }
  }
}

}  // namespace kb::inspect
