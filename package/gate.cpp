// SPDX-License-Identifier: Apache-2.0
#include "package/gate.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

#include "core/digest.hpp"
#include "core/error.hpp"

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

// inspect must see the merged tree as one tree (tree.completeness and ops.collision look across
// variants): a temp dir with a symlink per directory variant, zip variants extracted into it.
// remove_all() removes the links, never what they point to.
class MergedView {
 public:
  explicit MergedView(const Bundle& b) {
    std::random_device rd;
    m_dir = fs::temp_directory_path() / ("kb-gate-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(m_dir / "build");
    for (const SourceVariant& v : b.variants) {
      fs::path at = m_dir / "build" / v.name;
      if (v.location.extension() != ".zip") {
        fs::create_directory_symlink(fs::absolute(v.location), at);
        continue;
      }
      for (const SourceFile& f : v.files) extract(f, at / f.path);
    }
  }
  ~MergedView() {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  MergedView(const MergedView&) = delete;
  MergedView& operator=(const MergedView&) = delete;
  fs::path root() const { return m_dir / "build"; }

 private:
  static void extract(const SourceFile& f, const fs::path& to) {
    fs::create_directories(to.parent_path());
    std::ofstream out(to, std::ios::binary);
    auto in = f.origin.open();
    std::vector<char> buf(1 << 20);
    for (std::size_t n; (n = in->read(buf.data(), buf.size())) > 0;) out.write(buf.data(), static_cast<std::streamsize>(n));
    if (!out) throw Error(ErrorKind::environment, to.string() + ": cannot write a temporary copy for the gate");
  }
  fs::path m_dir;
};

}  // namespace

Report run_gate(const Bundle& b, const inspect::Options& options) {
  MergedView view(b);
  Report report = inspect::inspect({view.root()}, options);
  const std::string from = view.root().string();
  for (TargetReport& t : report.targets) {
    // Packaging leaves bytecode out (Bundle::excluded), so the merged tree has none.
    auto& fs_ = t.findings;
    fs_.erase(std::remove_if(fs_.begin(), fs_.end(), [](const Finding& f) { return f.rule == "tree.bytecode"; }), fs_.end());
    rebase(t.path, from, "build");
    for (Finding& f : t.findings)
      for (std::string* s : {&f.file, &f.subject, &f.message, &f.hint}) rebase(*s, from, "build");
  }
  report.sort();
  return report;
}

std::map<std::string, nlohmann::json> cuda_listings(const Report& gate, const std::vector<std::string>& variants) {
  std::map<std::string, nlohmann::json> out;
  // The listing's exact shape belongs to inspect's fatbin reader; attribute each entry to the
  // variant whose directory its key or content names.
  auto assign = [&](const std::string& key, const nlohmann::json& item) {
    std::string text = key + item.dump();
    for (const std::string& v : variants)
      if (text.find("/" + v + "/") != std::string::npos || text.rfind(v + "/", 0) == 0) {
        out[v].push_back(item);
        return;
      }
  };
  for (const TargetReport& t : gate.targets) {
    if (!t.extra.contains("cuda")) continue;
    const nlohmann::json& c = t.extra["cuda"];
    if (c.is_object())
      for (const auto& [k, item] : c.items()) assign(k, item);
    else if (c.is_array())
      for (const auto& item : c) assign("", item);
  }
  return out;
}

void check_digest(const std::string& dir, const nlohmann::json& metadata,
                  const std::map<std::string, std::vector<std::uint8_t>>& sha256,
                  const std::map<std::string, std::vector<std::uint8_t>>& sha512, std::vector<Finding>& out,
                  bool warn_missing) {
  if (!metadata.contains("digest") || !metadata["digest"].is_object()) {
    if (!warn_missing) return;
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
