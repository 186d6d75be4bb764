// SPDX-License-Identifier: Apache-2.0
#include "package/gate.hpp"

#include <algorithm>
#include <set>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "core/tree/member_name.hpp"
#include "inspect/inspect_trees.hpp"

namespace kb::package {

namespace {

Finding digest_finding(const std::string& file, const std::string& message) {
  return Finding{"package.digest", Severity::error, file, file, message,
                 "rebuild the variant (kb build rewrites metadata.json with a fresh digest)"};
}

}  // namespace

// inspect sees the merged variants as one tree (tree.completeness and ops.collision look across
// variants), named by their bundle paths ("build/<variant>/..."), so the report is the same on
// every machine. Each member is still read from its own source (a directory or a shard zip).
Report run_gate(const Bundle& b, const inspect::Options& options) {
  auto merged = std::make_shared<tree::KernelTree>();
  merged->input = "build";
  merged->kind = tree::TreeKind::tree;
  merged->root_display = "build";
  for (const SourceVariant& v : b.variants) {
    tree::VariantDir d = v.dir;
    d.display = "build/" + v.name;
    d.files = v.files;  // what is packaged: bytecode is left out (Bundle::excluded)
    d.dirs.erase(std::remove_if(d.dirs.begin(), d.dirs.end(), [](const std::string& x) { return tree::is_bytecode(x); }),
                 d.dirs.end());
    for (tree::Member& m : d.files) m.where = d.display + "/" + m.rel;
    merged->variants.push_back(std::move(d));
  }
  Report report = inspect::inspect_trees({merged}, options);
  report.sort();
  return report;
}

std::map<std::string, std::vector<CudaListing>> cuda_listings(const Report& gate,
                                                             const std::vector<std::string>& variants) {
  std::map<std::string, std::vector<CudaListing>> out;
  for (const TargetReport& t : gate.targets)
    for (const CudaListing& c : t.cuda)
      for (const std::string& v : variants)
        if (c.file.find("/" + v + "/") != std::string::npos || c.file.rfind(v + "/", 0) == 0) {
          out[v].push_back(c);
          break;
        }
  return out;
}

std::vector<Finding> check_digest(const std::string& dir, const nlohmann::json& metadata,
                                  const std::map<std::string, std::vector<std::uint8_t>>& sha256,
                                  const std::map<std::string, std::vector<std::uint8_t>>& sha512, bool warn_missing) {
  std::vector<Finding> out;
  if (!metadata.contains("digest") || !metadata["digest"].is_object()) {
    if (!warn_missing) return out;
    Finding f = digest_finding(dir + "/metadata.json", "metadata.json has no digest; kernels verify-signature cannot check the files");
    f.severity = Severity::warning;
    f.hint = "kb build writes it";
    out.push_back(f);
    return out;
  }
  const auto& d = metadata["digest"];
  std::string algo = d.value("algorithm", "");
  if ((algo != "sha256" && algo != "sha512") || !d.contains("files") || !d["files"].is_object()) {
    out.push_back(digest_finding(dir + "/metadata.json", "digest has no sha256/sha512 \"files\" map"));
    return out;
  }
  const auto& actual = algo == "sha256" ? sha256 : sha512;
  std::set<std::string> listed;
  for (const auto& [path, value] : d["files"].items()) {
    listed.insert(path);
    auto it = actual.find(path);
    if (it == actual.end()) out.push_back(digest_finding(dir + "/" + path, "listed in metadata.json digest but missing"));
    else if (!value.is_string() || value.get<std::string>() != base64_encode(it->second))
      out.push_back(digest_finding(dir + "/" + path, "content does not match the metadata.json digest"));
  }
  for (const auto& [path, hash] : actual) {
    // The digest leaves out the metadata files themselves, at the variant root only (C8).
    if (path == "metadata.json" || path == "metadata.json.sigstore") continue;
    if (!listed.count(path)) out.push_back(digest_finding(dir + "/" + path, "not listed in the metadata.json digest"));
  }
  return out;
}

std::vector<Finding> check_digests(const Bundle& b, const std::vector<WriteEntry>& entries) {
  std::vector<Finding> out;
  for (const auto& v : b.variants) {
    std::string prefix = "build/" + v.name + "/";
    std::map<std::string, std::vector<std::uint8_t>> s256, s512;
    for (const WriteEntry& e : entries) {
      if (e.name.compare(0, prefix.size(), prefix) != 0) continue;
      s256[e.name.substr(prefix.size())] = e.sha256;
      s512[e.name.substr(prefix.size())] = e.sha512;
    }
    std::vector<Finding> found = check_digest(prefix.substr(0, prefix.size() - 1), v.metadata, s256, s512);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace kb::package
