// SPDX-License-Identifier: Apache-2.0
// ELF -> SoFacts, the only LIEF user (docs/elf-prevalidation.md):
// mmap -> pre-validate -> compacted skeleton -> LIEF::ELF::Parser::parse(vector, COUNT_SECTION)
// -> restore original offsets -> check LIEF's counts against the validated headers -> facts.
// LIEF 0.9 swallows its own errors and returns partial models, so the count check is what turns
// a partial parse into an error. Workarounds for 0.9 bugs: COUNT_SECTION (AUTO cuts .dynsym
// short, HASH returns 0 with DT_HASH); version names resolved here from Verdef ndx / Vernaux
// other (symbol_version_auxiliary() returns the parent's name); content() never called
// (it segfaults on out-of-file segments).
#include "inspect/elf_reader.hpp"

#include <LIEF/ELF.hpp>
#include <LIEF/logging.hpp>
#include <fstream>
#include <map>
#include <mutex>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "inspect/cubin_file.hpp"
#include "inspect/elf_skeleton.hpp"
#include "inspect/fatbin_reader.hpp"
#include "inspect/torch_library_scan.hpp"

namespace kb::inspect {
namespace {

namespace LE = LIEF::ELF;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::bad_input, path + ": " + what,
              "the file is truncated or corrupt (or not a shared object); rebuild or re-download it");
}

std::mutex& lief_mutex() {  // LIEF 0.9 makes no thread-safety promise; a skeleton parse is ~1 ms
  static std::mutex m;
  return m;
}

std::unique_ptr<LE::Binary> parse_skeleton(const Skeleton& sk, const std::string& path) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { LIEF::Logger::disable(); });
  try {
    auto bin = LE::Parser::parse(sk.image, path, LE::DYNSYM_COUNT_METHODS::COUNT_SECTION);
    if (!bin) fail(path, "LIEF rejected the pre-validated skeleton");
    return bin;
  } catch (const std::exception& e) {  // includes LIEF::exception and bad_alloc
    fail(path, std::string("LIEF failed on the pre-validated skeleton: ") + e.what());
  }
}

void restore_offsets(LE::Binary& bin, const Skeleton& sk) {
  bin.header().program_headers_offset(sk.phoff);
  bin.header().section_headers_offset(sk.shoff);
  std::size_t i = 0;
  for (LE::Section& s : bin.sections()) {
    s.offset(sk.sections[i].offset);
    s.size(sk.sections[i].size);
    ++i;
  }
  i = 0;
  for (LE::Segment& s : bin.segments()) {
    s.file_offset(sk.segments[i].offset);
    s.physical_size(sk.segments[i].size);
    ++i;
  }
  auto entries = bin.dynamic_entries();
  for (const auto& z : sk.zeroed_dyn) entries[z.first].value(z.second);
}

void check_counts(const LE::Binary& bin, const Skeleton& sk, const std::string& path) {
  auto mismatch = [&](const char* what, std::size_t got, std::uint64_t want) {
    if (got != want)
      fail(path, std::string("LIEF parsed a partial model: ") + what + " " + std::to_string(got) + " of " +
                     std::to_string(want));
  };
  mismatch("sections", bin.sections().size(), sk.sections.size());
  mismatch("segments", bin.segments().size(), sk.segments.size());
  mismatch("dynamic entries", bin.dynamic_entries().size(), sk.dyn_entries);
  mismatch("dynamic symbols", bin.dynamic_symbols().size(), sk.has_dynsym ? sk.dynsym_count : 0);
  mismatch("version needs", bin.symbols_version_requirement().size(), sk.verneed_num);
  mismatch("version definitions", bin.symbols_version_definition().size(), sk.verdef_num);
}

std::vector<std::string> split_path_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t b = 0;
  for (;;) {
    const std::size_t e = s.find(':', b);
    out.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) return out;
    b = e + 1;
  }
}

void read_dynamic(const LE::Binary& bin, const Skeleton& sk, SoFacts& f) {
  std::size_t slot = 0;
  for (const LE::DynamicEntry& d : bin.dynamic_entries()) {
    if (slot++ >= sk.dyn_live) break;
    switch (d.tag()) {
      case LE::DYNAMIC_TAGS::DT_NEEDED:
        f.needed.push_back(static_cast<const LE::DynamicEntryLibrary&>(d).name());
        break;
      case LE::DYNAMIC_TAGS::DT_SONAME:
        f.soname = static_cast<const LE::DynamicSharedObject&>(d).name();
        break;
      case LE::DYNAMIC_TAGS::DT_RPATH:
        for (auto& p : split_path_list(static_cast<const LE::DynamicEntryRpath&>(d).name())) f.rpath.push_back(p);
        break;
      case LE::DYNAMIC_TAGS::DT_RUNPATH:
        for (auto& p : split_path_list(static_cast<const LE::DynamicEntryRunPath&>(d).name())) f.runpath.push_back(p);
        break;
      case LE::DYNAMIC_TAGS::DT_TEXTREL:
        f.textrel = true;
        break;
      case LE::DYNAMIC_TAGS::DT_FLAGS:
        if (d.value() & static_cast<std::uint64_t>(LE::DYNAMIC_FLAGS::DF_TEXTREL)) f.textrel = true;
        break;
      default:
        break;
    }
  }
}

struct VersionName {
  std::string name;
  std::string file;  // Verneed file; empty for a definition
};

// Version index -> name, from Verdef vd_ndx (first Verdaux) and Vernaux vna_other.
void read_versions(const LE::Binary& bin, SoFacts& f, std::map<std::uint16_t, VersionName>& defs,
                   std::map<std::uint16_t, VersionName>& needs) {
  for (const LE::SymbolVersionRequirement& req : bin.symbols_version_requirement())
    for (const LE::SymbolVersionAuxRequirement& aux : req.auxiliary_symbols()) {
      f.version_needs.push_back({req.name(), aux.name(), (aux.flags() & 0x2) != 0});  // VER_FLG_WEAK
      needs.emplace(aux.other(), VersionName{aux.name(), req.name()});
    }
  for (const LE::SymbolVersionDefinition& def : bin.symbols_version_definition()) {
    auto aux = def.symbols_aux();
    const std::string name = aux.size() > 0 ? aux[0].name() : std::string();
    f.version_defs.push_back(name);
    defs.emplace(def.ndx(), VersionName{name, {}});
  }
}

const VersionName* find_version(const std::map<std::uint16_t, VersionName>& m, std::uint16_t idx) {
  const auto it = m.find(idx);
  return it == m.end() ? nullptr : &it->second;
}

SymbolBinding binding_of(LE::SYMBOL_BINDINGS b) {
  switch (b) {
    case LE::SYMBOL_BINDINGS::STB_LOCAL:
      return SymbolBinding::local;
    case LE::SYMBOL_BINDINGS::STB_GLOBAL:
      return SymbolBinding::global;
    case LE::SYMBOL_BINDINGS::STB_WEAK:
      return SymbolBinding::weak;
    case LE::SYMBOL_BINDINGS::STB_GNU_UNIQUE:
      return SymbolBinding::gnu_unique;
    default:
      return SymbolBinding::other;
  }
}

SymbolType type_of(LE::ELF_SYMBOL_TYPES t) {
  switch (t) {
    case LE::ELF_SYMBOL_TYPES::STT_NOTYPE:
      return SymbolType::notype;
    case LE::ELF_SYMBOL_TYPES::STT_OBJECT:
      return SymbolType::object;
    case LE::ELF_SYMBOL_TYPES::STT_FUNC:
      return SymbolType::func;
    case LE::ELF_SYMBOL_TYPES::STT_SECTION:
      return SymbolType::section;
    case LE::ELF_SYMBOL_TYPES::STT_FILE:
      return SymbolType::file;
    case LE::ELF_SYMBOL_TYPES::STT_COMMON:
      return SymbolType::common;
    case LE::ELF_SYMBOL_TYPES::STT_TLS:
      return SymbolType::tls;
    case LE::ELF_SYMBOL_TYPES::STT_GNU_IFUNC:
      return SymbolType::gnu_ifunc;
    default:
      return SymbolType::other;
  }
}

void read_symbols(const LE::Binary& bin, const std::string& path, SoFacts& f) {
  std::map<std::uint16_t, VersionName> defs, needs;
  read_versions(bin, f, defs, needs);
  bool first = true;
  for (const LE::Symbol& s : bin.dynamic_symbols()) {
    if (first) {  // index 0 is the reserved null symbol (STN_UNDEF), not a symbol
      first = false;
      continue;
    }
    DynSymbol d;
    d.name = s.name();
    d.defined = s.shndx() != 0;
    d.binding = binding_of(s.binding());
    d.type = type_of(s.type());
    if (s.has_version()) {
      const std::uint16_t v = s.symbol_version().value();
      const std::uint16_t idx = v & 0x7fff;
      d.hidden_version = (v & 0x8000) != 0;
      if (idx >= 2) {  // 0 local, 1 global: no name
        const VersionName* vn = find_version(d.defined ? defs : needs, idx);
        if (!vn) vn = find_version(d.defined ? needs : defs, idx);
        if (!vn)
          fail(path, "symbol " + d.name + " has version index " + std::to_string(idx) + " that names no version");
        d.version = vn->name;
        d.version_file = vn->file;
      }
    }
    f.dynsyms.push_back(std::move(d));
  }
}

void read_segments_and_sections(const LE::Binary& bin, SoFacts& f) {
  for (const LE::Segment& s : bin.segments())
    if (s.type() == LE::SEGMENT_TYPES::PT_GNU_STACK) {
      f.has_gnu_stack = true;
      if (s.has(LE::ELF_SEGMENT_FLAGS::PF_X)) f.exec_stack = true;
    }
  // Without PT_GNU_STACK, the x86 loaders default to an executable stack.
  if (!f.has_gnu_stack && (f.machine == "x86_64" || f.machine == "i686")) f.exec_stack = true;
  for (const LE::Section& s : bin.sections())
    f.sections.push_back({s.name(), static_cast<std::uint32_t>(s.type()), s.flags(), s.offset(), s.size()});
}

}  // namespace

namespace {

// `release`, when set, drops the pages of each fatbin container once its headers are read: the
// kernel maps page-cache folios of up to 2 MB per touched header, so walking the headers of an
// 800 MB fatbin kept 370 MB resident (measured on Linux 6.18, see docs/notes/issue-16.md).
SoFacts read_facts(const std::uint8_t* data, std::uint64_t size, const std::string& path, bool with_cuda,
                   const std::function<void(std::string_view)>& release) {
  // A standalone cubin's program headers describe GPU memory: it is device code, not a host .so.
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  if (is_cuda_elf(bytes)) return read_cubin_facts(bytes, path);
  const ByteView file{data, size};
  const Skeleton sk = build_skeleton(file, path);
  SoFacts f;
  f.path = path;
  f.file_size = size;
  f.machine = sk.machine;
  {
    std::lock_guard<std::mutex> lock(lief_mutex());
    std::unique_ptr<LE::Binary> bin = parse_skeleton(sk, path);
    try {
      restore_offsets(*bin, sk);
    } catch (const std::exception& e) {
      fail(path, std::string("LIEF could not restore the original offsets: ") + e.what());
    }
    check_counts(*bin, sk, path);
    read_dynamic(*bin, sk, f);
    read_symbols(*bin, path, f);
    read_segments_and_sections(*bin, f);
  }
  for (const DynSymbol& s : f.dynsyms) scan_torch_library_names(s.name, f.torch_library_namespaces);
  if (sk.symtab_strings.size > 0)
    scan_torch_library_names({reinterpret_cast<const char*>(data + sk.symtab_strings.offset), sk.symtab_strings.size},
                             f.torch_library_namespaces);
  // Fatbin headers are read from the mmap here, not through LIEF (LIEF 0.9 returns
  // no content for sections over 100 MB).
  if (with_cuda) f.cuda = read_fatbins_if_any({reinterpret_cast<const char*>(data), size}, f.sections, release);
  return f;
}

}  // namespace

SoFacts read_so_facts_from_memory(const std::uint8_t* data, std::uint64_t size, const std::string& path,
                                  bool with_cuda) {
  return read_facts(data, size, path, with_cuda, {});
}

SoFacts read_so_facts(const std::filesystem::path& path, bool with_cuda) {
  const MappedFile file(path);
  return read_facts(file.data(), file.size(), path.string(), with_cuda, [&](std::string_view done) { file.release(done); });
}

bool looks_like_elf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char m[4] = {};
  in.read(m, 4);
  return in.gcount() == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

bool is_loadable_elf_header(const unsigned char* h, std::size_t n) {
  if (n < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return false;
  const bool le = h[5] == 1;  // EI_DATA: ELFDATA2LSB
  const unsigned type = le ? h[16] | h[17] << 8 : h[17] | h[16] << 8;
  const unsigned machine = le ? h[18] | h[19] << 8 : h[19] | h[18] << 8;
  constexpr unsigned et_rel = 1, em_cuda = 190;
  return type != et_rel || machine == em_cuda;
}

bool looks_like_loadable_elf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char h[20] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  return is_loadable_elf_header(h, static_cast<std::size_t>(in.gcount()));
}

}  // namespace kb::inspect
