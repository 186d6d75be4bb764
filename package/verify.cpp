// SPDX-License-Identifier: Apache-2.0
// kb package --verify: every check runs on the archive's entries as streams; nothing is unpacked.
#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "core/tree/byte_stream.hpp"
#include "core/tree/member_name.hpp"
#include "package/gate.hpp"
#include "package/package.hpp"
#include "package/zip_writer.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

const char* const k_manifest = "kb-manifest.json";
using Hashes = std::map<std::string, std::vector<std::uint8_t>>;

struct Checker {
  const tree::ZipArchive& zip;
  std::vector<Finding>& out;
  void add(const char* rule, const std::string& file, const std::string& message, const std::string& hint = {}) {
    out.push_back({rule, Severity::error, file, file, message, hint});
  }
};

// What libzip reports as mtime for a DOS time: it converts through the local time zone.
std::int64_t libzip_mtime(std::uint32_t dos) {
  std::tm tm{};
  tm.tm_year = int((dos >> 25) & 0x7f) + 80;
  tm.tm_mon = int((dos >> 21) & 0xf) - 1;
  tm.tm_mday = int((dos >> 16) & 0x1f);
  tm.tm_hour = int((dos >> 11) & 0x1f);
  tm.tm_min = int((dos >> 5) & 0x3f);
  tm.tm_sec = int(dos & 0x1f) * 2;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

void check_structure(Checker& c, std::int64_t expected_mtime) {
  const auto& es = c.zip.entries();
  const std::string hint = "package it again with kb package";
  for (size_t i = 0; i < es.size(); ++i) {
    const auto& e = es[i];
    if (auto why = tree::unsafe_member_reason(e.name)) c.add("package.structure", e.name, "unsafe entry name: " + *why, hint);
    if (!e.name.empty() && e.name.back() == '/') c.add("package.structure", e.name, "directory entry", hint);
    if (tree::is_bytecode(e.name)) c.add("package.structure", e.name, "bytecode is never shipped", hint);
    if (e.unix_mode() != 0100644) c.add("package.structure", e.name, "mode is not a regular file 0644 from a unix host", hint);
    if (i > 0 && !(es[i - 1].name < e.name)) c.add("package.structure", e.name, "entries are not in sorted order", hint);
    if (e.mtime != expected_mtime) c.add("package.structure", e.name, "timestamp differs from the manifest's", hint);
  }
  if (es.empty() || es.back().name != k_manifest) c.add("package.structure", k_manifest, "missing or not the last entry", hint);
}

// Reads each variant's metadata.json first: the digest algorithm decides which hashes to take.
std::map<std::string, nlohmann::json> read_metadata(Checker& c) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& e : c.zip.entries()) {
    if (e.name.rfind("build/", 0) != 0) continue;
    size_t slash = e.name.find('/', 6);
    if (slash == std::string::npos || e.name.substr(slash + 1) != "metadata.json") continue;
    try {
      out[e.name.substr(0, slash)] = nlohmann::json::parse(c.zip.read_all(e.index));
    } catch (const std::exception& ex) {
      c.add("package.integrity", e.name, std::string("unreadable metadata.json: ") + ex.what());
    }
  }
  return out;
}

std::string variant_dir_of(const std::string& name) {
  if (name.rfind("build/", 0) != 0) return {};
  size_t slash = name.find('/', 6);
  return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

// Streams every entry once through sha256 (and sha512 where a digest asks for it).
void check_contents(Checker& c, const nlohmann::json& manifest, std::map<std::string, nlohmann::json>& metadata) {
  std::map<std::string, std::pair<std::uint64_t, std::string>> listed;
  for (const auto& f : manifest.value("files", nlohmann::json::array()))
    listed[f.value("path", "")] = {f.value("size", std::uint64_t(0)), f.value("sha256", "")};
  std::map<std::string, std::pair<Hashes, Hashes>> by_variant;
  std::vector<char> buf(1 << 20);
  for (const auto& e : c.zip.entries()) {
    if (e.name == k_manifest) continue;
    std::string dir = variant_dir_of(e.name);
    bool want512 = metadata.count(dir) && metadata[dir].contains("digest") && metadata[dir]["digest"].is_object() &&
                   metadata[dir]["digest"].value("algorithm", "") == "sha512";
    Hasher h256(HashAlgorithm::sha256), h512(HashAlgorithm::sha512);
    try {
      auto s = c.zip.open(e.index);
      for (std::size_t n; (n = s->read(buf.data(), buf.size())) > 0;) {
        h256.update(buf.data(), n);
        if (want512) h512.update(buf.data(), n);
      }
    } catch (const Error& ex) {
      c.add("package.integrity", e.name, ex.what(), ex.hint());
      listed.erase(e.name);
      continue;
    }
    auto d256 = h256.finish();
    auto it = listed.find(e.name);
    if (it == listed.end()) c.add("package.integrity", e.name, "not listed in kb-manifest.json");
    else if (it->second.first != e.size || it->second.second != hex_encode(d256))
      c.add("package.integrity", e.name, "size or sha256 differs from kb-manifest.json");
    if (it != listed.end()) listed.erase(it);
    if (!dir.empty()) {
      by_variant[dir].first[e.name.substr(dir.size() + 1)] = d256;
      if (want512) by_variant[dir].second[e.name.substr(dir.size() + 1)] = h512.finish();
    }
  }
  for (const auto& [path, _] : listed) c.add("package.integrity", path, "listed in kb-manifest.json but missing");
  for (auto& [dir, hashes] : by_variant)
    // inspect's tree.digest on the archive already warns about a missing digest.
    if (metadata.count(dir)) {
      std::vector<Finding> found = check_digest(dir, metadata[dir], hashes.first, hashes.second, false);
      c.out.insert(c.out.end(), found.begin(), found.end());
    }
}

}  // namespace

VerifyResult verify(const fs::path& path, const inspect::Options& options) {
  tree::ZipArchive zip(path);
  VerifyResult vr;
  TargetReport t{path.string(), "archive", {}, false, nlohmann::json::object()};
  Checker c{zip, t.findings};
  const auto& es = zip.entries();
  if (!es.empty() && es.back().name == k_manifest) {
    try {
      vr.manifest = nlohmann::json::parse(zip.read_all(es.back().index));
    } catch (const std::exception& ex) {
      c.add("package.integrity", k_manifest, std::string("unreadable: ") + ex.what());
    }
  }
  std::int64_t ts = vr.manifest.is_object() ? vr.manifest.value("timestamp", std::int64_t(0)) : 0;
  check_structure(c, libzip_mtime(dos_time_from_unix(ts)));
  auto metadata = read_metadata(c);
  if (vr.manifest.is_object()) check_contents(c, vr.manifest, metadata);

  Report rules = inspect::inspect({path}, options);
  for (const TargetReport& r : rules.targets) {
    if (r.kind != "archive") continue;  // this inspect cannot read archives: structure checks only
    vr.rules_checked = true;
    t.findings.insert(t.findings.end(), r.findings.begin(), r.findings.end());
    vr.report.files = rules.files;
  }
  auto& found = t.findings;  // --ignore applies to the package.* rules too
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const Finding& f) {
                               return std::find(options.ignore.begin(), options.ignore.end(), f.rule) != options.ignore.end();
                             }),
              found.end());
  vr.report.targets.push_back(std::move(t));
  vr.report.sort();
  return vr;
}

}  // namespace kb::package
