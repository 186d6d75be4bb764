// SPDX-License-Identifier: Apache-2.0
#include "package/gate.hpp"

#include <algorithm>
#include <set>

#include "core/digest.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

// Source locations differ between machines and checkouts; bundle paths do not.
void rebase(std::string& s, const std::string& from, const std::string& to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    size_t end = pos + from.size();
    if (from.back() == '!' || end == s.size() || s[end] == '/' || s[end] == ':' || s[end] == ' ') {
      s.replace(pos, from.size(), to);
      pos += to.size();
    } else {
      pos += 1;
    }
  }
}

Finding digest_finding(const std::string& file, const std::string& message) {
  return Finding{"package.digest", Severity::error, file, file, message,
                 "rebuild the variant (kb build rewrites metadata.json with a fresh digest)"};
}

}  // namespace

Report run_gate(const Bundle& b, const inspect::Options& options) {
  std::vector<fs::path> inputs;
  std::set<std::string> seen;
  for (const auto& v : b.variants)
    if (seen.insert(v.location.string()).second) inputs.push_back(v.location);
  Report report = inspect::inspect(inputs, options);
  for (TargetReport& t : report.targets) {
    // Packaging leaves bytecode out (Bundle::excluded), so the merged tree has none.
    auto& fs_ = t.findings;
    fs_.erase(std::remove_if(fs_.begin(), fs_.end(), [](const Finding& f) { return f.rule == "tree.bytecode"; }), fs_.end());
    for (const auto& v : b.variants) {
      if (v.location.extension() == ".zip") {
        // inspect names archive members "<zip>!build/<variant>/..."
        for (Finding& f : t.findings)
          for (std::string* s : {&f.file, &f.subject, &f.message, &f.hint}) rebase(*s, v.location.string() + "!", "");
        rebase(t.path, v.location.string(), "build");
        continue;
      }
      std::string to = "build/" + v.name;
      rebase(t.path, v.location.string(), to);
      for (Finding& f : t.findings)
        for (std::string* s : {&f.file, &f.subject, &f.message, &f.hint}) rebase(*s, v.location.string(), to);
    }
  }
  report.sort();
  return report;
}

std::map<std::string, nlohmann::json> cuda_listings(const Report& gate) {
  std::map<std::string, nlohmann::json> out;
  for (const TargetReport& t : gate.targets) {
    if (t.path.rfind("build/", 0) != 0 || !t.extra.contains("cuda")) continue;
    out[t.path.substr(6)] = t.extra["cuda"];
  }
  return out;
}

void check_digest(const std::string& dir, const nlohmann::json& metadata,
                  const std::map<std::string, std::vector<std::uint8_t>>& sha256,
                  const std::map<std::string, std::vector<std::uint8_t>>& sha512, std::vector<Finding>& out) {
  if (!metadata.contains("digest") || !metadata["digest"].is_object()) {
    Finding f = digest_finding(dir + "/metadata.json", "metadata.json has no digest; kernels verify-signature cannot check the files");
    f.severity = Severity::warning;
    f.hint = "kb build writes it";
    out.push_back(f);
    return;
  }
  const auto& d = metadata["digest"];
  std::string algo = d.value("algorithm", "");
  if ((algo != "sha256" && algo != "sha512") || !d.contains("files") || !d["files"].is_object()) {
    out.push_back(digest_finding(dir + "/metadata.json", "digest has no sha256/sha512 \"files\" map"));
    return;
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
    check_digest(prefix.substr(0, prefix.size() - 1), v.metadata, s256, s512, out);
  }
  return out;
}

}  // namespace kb::package
