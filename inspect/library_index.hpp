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
  // The facts of the library a DT_NEEDED entry names; null when it is not found.
  virtual const SoFacts* find(const std::string& soname) const = 0;
};

// Searches dirs in order; reads each library once (thread-safe). Unreadable files count as absent.
class DirLibraryIndex : public LibraryIndex {
 public:
  explicit DirLibraryIndex(std::vector<std::filesystem::path> dirs);
  const SoFacts* find(const std::string& soname) const override;

 private:
  std::vector<std::filesystem::path> m_dirs;
  mutable std::mutex m_mutex;
  mutable std::map<std::string, std::unique_ptr<SoFacts>> m_cache;
};

// A hand-filled index (tests, or callers that already hold the facts).
class MapLibraryIndex : public LibraryIndex {
 public:
  void add(SoFacts facts) { m_libs[facts.soname] = std::move(facts); }
  const SoFacts* find(const std::string& soname) const override {
    auto it = m_libs.find(soname);
    return it == m_libs.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, SoFacts> m_libs;
};

// The process-wide index for options.libdirs plus the system dirs; null when libdirs is empty
// (elf.unresolved is off then).
const LibraryIndex* library_index_for(const Options& options);

}  // namespace kb::inspect
