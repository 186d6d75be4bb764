// SPDX-License-Identifier: Apache-2.0
// Where elf.unresolved finds the libraries a .so names in DT_NEEDED: the --libdir dirs, then
// the system library dirs. A seam, so rules stay pure and tests hand-build the libraries.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "inspect/so_facts.hpp"

namespace kb::inspect {

struct Options;

class LibraryIndex {
 public:
  virtual ~LibraryIndex() = default;
  // The facts of the library a DT_NEEDED entry names; null when it is not found. With `machine`
  // ("aarch64"), only a library of that machine counts, as for the dynamic loader: a multiarch
  // host holds libc.so.6 for x86_64 and aarch64 side by side.
  virtual const SoFacts* find(const std::string& soname, const std::string& machine = "") const = 0;
};

// Searches dirs in order; reads each library once (thread-safe). Unreadable files count as absent.
class DirLibraryIndex : public LibraryIndex {
 public:
  explicit DirLibraryIndex(std::vector<std::filesystem::path> dirs);
  const SoFacts* find(const std::string& soname, const std::string& machine = "") const override;

 private:
  std::vector<std::filesystem::path> m_dirs;
  mutable std::mutex m_mutex;
  mutable std::map<std::pair<std::string, std::string>, std::unique_ptr<SoFacts>> m_cache;  // (machine, soname)
};

// A hand-filled index (tests, or callers that already hold the facts).
class MapLibraryIndex : public LibraryIndex {
 public:
  void add(SoFacts facts) { m_libs[facts.soname] = std::move(facts); }
  const SoFacts* find(const std::string& soname, const std::string& machine = "") const override {
    auto it = m_libs.find(soname);
    if (it == m_libs.end() || (!machine.empty() && !it->second.machine.empty() && it->second.machine != machine))
      return nullptr;
    return &it->second;
  }

 private:
  std::map<std::string, SoFacts> m_libs;
};

// The process-wide index for options.libdirs plus the system dirs; null when libdirs is empty
// (elf.unresolved is off then).
const LibraryIndex* library_index_for(const Options& options);

}  // namespace kb::inspect
