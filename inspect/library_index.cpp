// SPDX-License-Identifier: Apache-2.0
#include "inspect/library_index.hpp"

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/inspect.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

DirLibraryIndex::DirLibraryIndex(std::vector<fs::path> dirs) : m_dirs(std::move(dirs)) {
  for (const char* d : {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                        "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"})
    m_dirs.emplace_back(d);
}

const SoFacts* DirLibraryIndex::find(const std::string& soname, const std::string& machine) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_cache.find({machine, soname});
  if (it != m_cache.end()) return it->second.get();
  std::unique_ptr<SoFacts> facts;
  for (const fs::path& d : m_dirs) {
    std::error_code ec;
    if (!fs::is_regular_file(d / soname, ec)) continue;
    try {
      auto f = std::make_unique<SoFacts>(read_so_facts(d / soname, /*with_cuda=*/false));
      if (!machine.empty() && f->machine != machine) continue;  // the other machine's copy (multiarch)
      facts = std::move(f);
      break;
    } catch (const Error&) {
      // a linker script or foreign file with the same name: keep looking
    }
  }
  return (m_cache[{machine, soname}] = std::move(facts)).get();
}

const LibraryIndex* library_index_for(const Options& options) {
  if (options.libdirs.empty()) return nullptr;
  static std::mutex mutex;
  static std::map<std::vector<fs::path>, std::unique_ptr<DirLibraryIndex>> indexes;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = indexes[options.libdirs];
  if (!slot) slot = std::make_unique<DirLibraryIndex>(options.libdirs);
  return slot.get();
}

}  // namespace kb::inspect
