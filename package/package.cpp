// SPDX-License-Identifier: Apache-2.0
// kb package: read sources -> merge -> gate -> plan entries -> stream into a zip -> rename.
#include "package/package.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "core/atomic_output.hpp"
#include "core/digest.hpp"
#include "core/error.hpp"
#include "core/file_text.hpp"
#include "core/version.hpp"
#include "package/card.hpp"
#include "package/gate.hpp"
#include "package/merge.hpp"
#include "package/size_report.hpp"
#include "package/zip_writer.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

using ojson = nlohmann::ordered_json;
constexpr std::int64_t k_dos_epoch = 315532800;  // 1980-01-01T00:00:00Z, the earliest DOS time
const char* const k_manifest = "kb-manifest.json";

bool is_so(const std::string& p) { return p.size() > 3 && p.compare(p.size() - 3, 3, ".so") == 0; }

std::string kernel_commit(const SourceVariant& v) {
  const auto& m = v.metadata;
  if (!m.contains("provenance") || !m["provenance"].is_object()) return {};
  const auto& k = m["provenance"].value("kernel", nlohmann::json::object());
  if (!k.is_object()) return {};
  std::string c = k.value("commit", "");
  return c.empty() ? k.value("sha", "") : c;
}

// The kernel commit's time makes rebuilding the same commit give the same archive.
std::int64_t resolve_timestamp(const Options& o, const Bundle& b) {
  if (o.source_date_epoch) return *o.source_date_epoch;
  std::string commit = kernel_commit(b.variants.front());
  if (!o.runner || commit.empty() || commit.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return k_dos_epoch;
  for (const auto& v : b.variants) {
    if (!fs::is_directory(v.location)) continue;
    CommandResult r = o.runner->run({{"git", "-C", v.location.string(), "show", "-s", "--format=%ct", commit}, {}, {}});
    if (r.exit_code == 0 && !r.output.empty() && std::isdigit(static_cast<unsigned char>(r.output[0])))
      return std::stoll(r.output);
  }
  return k_dos_epoch;
}

bool wants_sha512(const SourceVariant& v) {
  return v.metadata.contains("digest") && v.metadata["digest"].is_object() &&
         v.metadata["digest"].value("algorithm", "") == "sha512";
}

std::vector<WriteEntry> plan_entries(const Bundle& b, const Options& o) {
  std::vector<WriteEntry> entries;
  entries.push_back({"README.md", 0, true, {}, nullptr, false, {}, {}});
  for (const SourceFile& f : b.benchmarks) entries.push_back({f.rel, f.size, true, f, nullptr, false, {}, {}});
  for (const SourceVariant& v : b.variants) {
    for (const SourceFile& f : v.files) {
      bool deflate = !(o.store_so && is_so(f.rel));
      entries.push_back({"build/" + v.name + "/" + f.rel, f.size, deflate, f, nullptr, wants_sha512(v), {}, {}});
    }
  }
  entries.push_back({k_manifest, 0, true, {}, nullptr, false, {}, {}});
  std::sort(entries.begin(), entries.end(), [](const WriteEntry& a, const WriteEntry& b) { return a.name < b.name; });
  if (entries.back().name != k_manifest)
    throw Error(ErrorKind::bad_input, entries.back().name + ": sorts after " + k_manifest, "the manifest must be the last entry");
  return entries;
}

std::vector<VariantSizes> variant_sizes(const Bundle& b, const std::vector<WriteEntry>& entries, const Report& gate) {
  std::vector<std::string> names;
  for (const SourceVariant& v : b.variants) names.push_back(v.name);
  auto cuda = cuda_listings(gate, names);
  std::vector<VariantSizes> out;
  for (const SourceVariant& v : b.variants) {
    VariantSizes vs{v.name, v.variant.backend, {}, cuda[v.name]};
    std::string prefix = "build/" + v.name + "/";
    for (const WriteEntry& e : entries)
      if (e.name.compare(0, prefix.size(), prefix) == 0)
        vs.files.push_back({e.name.substr(prefix.size()), e.size, hex_encode(e.sha256)});
    out.push_back(std::move(vs));
  }
  return out;
}

// One sorted list: the same tree reached through directories or a zip gives the same manifest.
ojson flat_findings(const Report& gate) {
  std::vector<Finding> all;
  for (const TargetReport& t : gate.targets) all.insert(all.end(), t.findings.begin(), t.findings.end());
  auto key = [](const Finding& f) { return std::tie(f.file, f.rule, f.subject, f.message); };
  std::sort(all.begin(), all.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  all.erase(std::unique(all.begin(), all.end(), [&](const Finding& a, const Finding& b) { return key(a) == key(b); }), all.end());
  ojson out = ojson::array();
  for (const Finding& f : all)
    out.push_back({{"rule", f.rule}, {"severity", to_string(f.severity)}, {"file", f.file}, {"subject", f.subject},
                   {"message", f.message}, {"hint", f.hint}});
  return out;
}

ojson build_manifest(const Bundle& b, const Options& o, const std::vector<WriteEntry>& entries, Result& r) {
  ojson m;
  m["schema"] = 1;
  m["generator"] = "kb package " + kb_version().version;
  m["name"] = b.name;
  m["version"] = b.version;
  m["license"] = b.license;
  m["timestamp"] = r.timestamp;
  m["compression"] = {{"so", o.store_so ? "store" : "deflate"}, {"other", "deflate"}, {"level", 6}};
  m["files"] = ojson::array();
  for (const WriteEntry& e : entries)
    if (e.name != k_manifest) m["files"].push_back({{"path", e.name}, {"size", e.size}, {"sha256", hex_encode(e.sha256)}});
  m["sizes"] = size_report(variant_sizes(b, entries, r.gate));
  m["excluded_bytecode"] = r.excluded.size();
  m["gate"] = {{"passed", r.gate.exit_code() == 0},
               {"allow_nonconformant", o.allow_nonconformant},
               {"errors", r.gate.count(Severity::error)},
               {"warnings", r.gate.count(Severity::warning)},
               {"findings", flat_findings(r.gate)}};
  return m;
}

std::string read_card(const fs::path& p) {
  std::optional<std::string> text = read_file(p);
  if (!text) throw Error(ErrorKind::bad_input, p.string() + ": cannot read the card template");
  return *text;
}

}  // namespace

int Result::exit_code() const { return written ? k_exit_ok : k_exit_nonconformant; }

Result package(const Options& o) {
  if (o.sources.empty()) throw Error(ErrorKind::usage, "no build trees given", "kb package BUILD_DIR... --output NAME.zip");
  if (o.output.empty()) throw Error(ErrorKind::usage, "no --output", "kb package BUILD_DIR... --output NAME.zip");
  std::vector<SourceTree> sources;
  for (const fs::path& s : o.sources) sources.push_back(read_source(s));
  Bundle b = merge_sources(sources);
  if (o.card) b.card_template = read_card(*o.card);
  Result r;
  r.excluded = b.excluded;
  // The digest is checked on the bytes as they stream into the archive (check_digests), so the
  // gate skips tree.digest's own pass over every file: one read of each file, not two.
  inspect::Options gate_options = o.inspect;
  auto ignored = [&o](const char* id) { return std::find(o.inspect.ignore.begin(), o.inspect.ignore.end(), id) != o.inspect.ignore.end(); };
  const bool check_digest = !ignored("tree.digest") && !ignored("package.digest");
  gate_options.ignore.push_back("tree.digest");
  r.gate = run_gate(b, gate_options);
  if (r.gate.exit_code() != 0 && !o.allow_nonconformant) return r;
  r.timestamp = resolve_timestamp(o, b);

  std::vector<WriteEntry> entries = plan_entries(b, o);
  const std::string card = render_card(b, {o.repo_id});
  auto named = [&entries](const std::string& n) {
    return std::find_if(entries.begin(), entries.end(), [&n](const WriteEntry& e) { return e.name == n; });
  };
  named("README.md")->generate = [&card] { return card; };
  named(k_manifest)->generate = [&] {
    // Runs inside zip_close(), after every other entry was streamed and hashed.
    auto digest = check_digest ? check_digests(b, entries) : std::vector<Finding>{};
    if (!digest.empty()) {
      if (r.gate.targets.empty() || r.gate.targets.front().path != "build")
        r.gate.targets.insert(r.gate.targets.begin(), {"build", "tree", {}, false, nlohmann::json::object()});
      auto& found = r.gate.targets.front().findings;
      found.insert(found.end(), digest.begin(), digest.end());
      r.gate.sort();
    }
    r.manifest = build_manifest(b, o, entries, r);
    return r.manifest.dump(2) + "\n";
  };
  AtomicOutput out(o.output, false);
  write_zip(out.temp_path(), entries, r.timestamp);
  if (r.gate.exit_code() != 0 && !o.allow_nonconformant) return r;  // the digests did not hold
  out.commit();
  if (o.hash_archive) r.sha256 = hex_encode(hash_file(o.output, HashAlgorithm::sha256));
  r.written = true;
  return r;
}

}  // namespace kb::package
