// SPDX-License-Identifier: Apache-2.0
// C++ dependencies of kernels (kernel.<name>.depends = ["cutlass_3_8"]), as data: the table in
// core/data/cxx_deps.json says where each one comes from (a zip archive by URL, pinned by
// sha256: a PyPI wheel or an upstream release), which include dirs a compile gets, or why it
// cannot be built here. A local copy (--dep NAME=DIR, KB_DEP_<NAME>=DIR) always wins. Archives
// are downloaded with libcurl, verified, and unpacked into <cache>/deps/ atomically; a failed
// or interrupted fetch leaves nothing under its final name. See docs/cxx-deps.md.
#pragma once
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kb::build {

struct CxxDep {
  std::string name;
  std::string kind;      // builtin (nothing to add), archive, unavailable
  std::string version;   // upstream version, "3.8.0"
  std::string url;       // archive: a zip (wheel or release archive)
  std::string sha256;    // archive: hex; empty when not verified (kb then never downloads it)
  std::string strip;     // archive: the member prefix of the dependency's root ("cutlass-3.9.2/")
  std::vector<std::string> include;  // include dirs relative to the root
  std::string marker;    // a file every good copy has, relative to the root
  std::string reason;    // unavailable: why
};

using CxxDepTable = std::map<std::string, CxxDep>;

// Parses a table (the schema of core/data/cxx_deps.json). Throws Error(bad_input) naming
// `origin` and the entry for a malformed one.
CxxDepTable parse_cxx_dep_table(std::string_view json, const std::string& origin);

// The table compiled into kb.
const CxxDepTable& builtin_cxx_dep_table();

struct DepOptions {
  std::filesystem::path cache_dir;                      // <cache>/deps, <cache>/downloads
  std::map<std::string, std::filesystem::path> local;   // name -> a local copy's root
  bool offline = false;                                 // never download
};

struct ResolvedDep {
  std::string name, version;
  std::filesystem::path root;
  std::vector<std::filesystem::path> include_dirs;      // absolute, existing
  bool local = false;                                   // from --dep / KB_DEP_*
};

// Resolves each name (in order), fetching what is missing. Throws, before anything compiles:
// Error(bad_input) for a name the table lacks (listing the known ones) or a local copy without
// the marker file; Error(environment) for an unavailable dependency (with its reason) or an
// archive kb has no verified sha256 for; Error(network) when offline or the download fails or
// its sha256 differs. Every message names the dependency and version and how to supply it.
std::map<std::string, ResolvedDep> resolve_cxx_deps(const std::vector<std::string>& names, const CxxDepTable& table,
                                                    const DepOptions& options);

// Downloads `url` to `dest` (a temp path; the caller renames it). Throws Error(network) with
// libcurl's reason on a connection failure, an HTTP error status or a short transfer.
void http_download(const std::string& url, const std::filesystem::path& dest);

// Unpacks the members of zip `archive` under `strip` + each of `include` into `dest`
// (keeping paths relative to the root). Throws Error(bad_input) for an unreadable archive.
void unpack_dep_archive(const std::filesystem::path& archive, const CxxDep& dep, const std::filesystem::path& dest);

}  // namespace kb::build
