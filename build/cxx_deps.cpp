// SPDX-License-Identifier: Apache-2.0
#include "build/cxx_deps.hpp"
#include "build/build.hpp"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "core/atomic_output.hpp"
#include "core/digest.hpp"
#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

CxxDep parse_entry(const std::string& name, const nlohmann::json& j, const std::string& origin) {
  CxxDep d;
  d.name = name;
  d.kind = str(j, "kind");
  d.version = str(j, "version");
  d.url = str(j, "url");
  d.sha256 = str(j, "sha256");
  d.strip = str(j, "strip");
  d.marker = str(j, "marker");
  d.reason = str(j, "reason");
  if (j.contains("include") && j["include"].is_array())
    for (const auto& i : j["include"]) d.include.push_back(i.get<std::string>());
  bool ok = d.kind == "builtin" || (d.kind == "unavailable" && !d.reason.empty()) ||
            (d.kind == "archive" && !d.version.empty() && !d.url.empty() && !d.include.empty() && !d.marker.empty() &&
             (d.sha256.empty() || d.sha256.size() == 64));
  if (!ok)
    throw Error(ErrorKind::bad_input, origin + ": dependencies." + name + ": malformed entry",
                "kind builtin; unavailable with a reason; or archive with version, url, sha256 (64 hex or null), "
                "include and marker");
  return d;
}

std::string known_names(const CxxDepTable& t) {
  std::string out;
  for (const auto& [n, d] : t) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string how_to_supply(const CxxDep& d) {
  return "pass --dep " + d.name + "=DIR or set " + dep_env_var(d.name) + "=DIR to a copy of " + d.name + " " + d.version +
         " (a directory holding " + d.marker + ")";
}

ResolvedDep from_root(const CxxDep& d, const fs::path& root, bool local) {
  ResolvedDep r{d.name, d.version, root, {}, local};
  std::error_code ec;
  for (const std::string& inc : d.include)
    if (fs::is_directory(root / inc, ec)) r.include_dirs.push_back(root / inc);
  return r;
}

ResolvedDep resolve_local(const CxxDep& d, const fs::path& dir) {
  std::error_code ec;
  fs::path root = fs::absolute(dir, ec);
  if (!fs::exists(root / d.marker, ec))
    throw Error(ErrorKind::bad_input,
                "dependency " + d.name + ": the local copy " + root.string() + " has no " + d.marker,
                "point --dep " + d.name + "= (or " + dep_env_var(d.name) + ") at the root of a " + d.name + " " + d.version +
                    " checkout");
  return from_root(d, root, true);
}

// Downloads and verifies the archive into <cache>/downloads/ (atomically), unless already there.
fs::path fetch_archive(const CxxDep& d, const DepOptions& o) {
  fs::path target = o.cache_dir / "downloads" / (d.name + "-" + d.version + "-" + d.sha256.substr(0, 16) + ".zip");
  std::error_code ec;
  if (fs::exists(target, ec)) return target;  // only ever renamed into place after verification
  if (o.offline)
    throw Error(ErrorKind::network, "dependency " + d.name + " " + d.version + " is not in the cache and kb is offline",
                how_to_supply(d) + ", or run online once to fetch " + d.url);
  std::cerr << "kb: downloading " << d.name << " " << d.version << " from " << d.url << "\n";
  AtomicOutput out(target, false);
  try {
    http_download(d.url, out.temp_path());
  } catch (const Error& e) {
    throw Error(ErrorKind::network, "dependency " + d.name + " " + d.version + ": download failed: " + e.what(),
                "check network access to " + d.url + ", or " + how_to_supply(d));
  }
  std::string got = hex_encode(hash_file(out.temp_path(), HashAlgorithm::sha256));
  if (got != d.sha256)
    throw Error(ErrorKind::network,
                "dependency " + d.name + " " + d.version + ": sha256 mismatch for " + d.url + ": expected " + d.sha256 +
                    ", got " + got + " (nothing was cached)",
                "retry; if it persists the server sends other bytes than kb pinned: " + how_to_supply(d));
  out.commit();
  return target;
}

ResolvedDep resolve_archive(const CxxDep& d, const DepOptions& o) {
  if (d.sha256.empty())
    throw Error(ErrorKind::environment,
                "dependency " + d.name + " " + d.version + ": kb has no verified sha256 for " + d.url +
                    ", so it does not download it",
                how_to_supply(d));
  fs::path root = o.cache_dir / "deps" / (d.name + "-" + d.version + "-" + d.sha256.substr(0, 16));
  std::error_code ec;
  if (fs::exists(root / d.marker, ec)) return from_root(d, root, false);
  fs::path archive = fetch_archive(d, o);
  AtomicOutput out(root, true);
  unpack_dep_archive(archive, d, out.temp_path());
  if (!fs::exists(out.temp_path() / d.marker, ec))
    throw Error(ErrorKind::bad_input, "dependency " + d.name + " " + d.version + ": " + archive.string() + " has no " + d.strip + d.marker,
                "the table's strip/marker do not fit the archive: " + how_to_supply(d));
  // Another kb may have unpacked it meanwhile: keep that copy (it may be in use) and drop ours.
  if (!fs::exists(root / d.marker, ec)) out.commit();
  return from_root(d, root, false);
}

}  // namespace

std::string dep_env_var(const std::string& name) {
  std::string out = "KB_DEP_";
  for (char c : name) out += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

std::vector<std::string> known_cxx_deps() {
  std::vector<std::string> out;
  for (const auto& [name, dep] : builtin_cxx_dep_table()) out.push_back(name);
  return out;
}

CxxDepTable parse_cxx_dep_table(std::string_view json, const std::string& origin) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.contains("dependencies") || !j["dependencies"].is_object())
    throw Error(ErrorKind::bad_input, origin + ": not a dependency table (no \"dependencies\" object)",
                "see core/data/cxx_deps.json for the schema");
  CxxDepTable t;
  for (const auto& [name, entry] : j["dependencies"].items()) t[name] = parse_entry(name, entry, origin);
  return t;
}

const CxxDepTable& builtin_cxx_dep_table() {
  static const CxxDepTable t = parse_cxx_dep_table(embedded_data("cxx_deps.json"), "core/data/cxx_deps.json");
  return t;
}

std::map<std::string, ResolvedDep> resolve_cxx_deps(const std::vector<std::string>& names, const CxxDepTable& table,
                                                    const DepOptions& o) {
  std::map<std::string, ResolvedDep> out;
  for (const std::string& n : names) {
    if (out.count(n)) continue;
    auto it = table.find(n);
    if (it == table.end())
      throw Error(ErrorKind::bad_input, "unknown C++ dependency \"" + n + "\"", "known dependencies: " + known_names(table));
    const CxxDep& d = it->second;
    auto local = o.local.find(n);
    if (local != o.local.end()) out[n] = resolve_local(d, local->second);
    else if (d.kind == "builtin") out[n] = ResolvedDep{n, d.version, {}, {}, false};
    else if (d.kind == "unavailable")
      throw Error(ErrorKind::environment, "dependency " + n + " cannot be built here: " + d.reason,
                  "build this kernel with kernel-builder on a machine that has its toolchain");
    else out[n] = resolve_archive(d, o);
  }
  return out;
}

}  // namespace kb::build
