// SPDX-License-Identifier: Apache-2.0
#include "package/merge.hpp"

#include <algorithm>
#include <map>

#include "core/digest.hpp"
#include "core/error.hpp"

namespace kb::package {

namespace {

std::vector<std::uint8_t> content_hash(const SourceFile& f) {
  Hasher h(HashAlgorithm::sha256);
  auto s = f.open();
  std::vector<char> buf(1 << 20);
  for (std::size_t n; (n = s->read(buf.data(), buf.size())) > 0;) h.update(buf.data(), n);
  return h.finish();
}

// The first file that differs between two copies of a variant, or nullopt when identical.
std::optional<std::string> first_difference(const std::vector<SourceFile>& a, const std::vector<SourceFile>& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    if (i >= a.size()) return b[i].rel + " (only in the second)";
    if (i >= b.size()) return a[i].rel + " (only in the first)";
    if (a[i].rel != b[i].rel) return std::min(a[i].rel, b[i].rel) + " (only in one)";
    if (a[i].size != b[i].size) return a[i].rel + " (" + std::to_string(a[i].size) + " vs " + std::to_string(b[i].size) + " bytes)";
  }
  for (size_t i = 0; i < a.size(); ++i)
    if (content_hash(a[i]) != content_hash(b[i])) return a[i].rel + " (content)";
  return std::nullopt;
}

std::string where(const SourceVariant& v) { return v.dir.display; }

struct Identity {
  std::string name;
  std::uint64_t version = 0;
  std::string license;
};

// name, version and license of one variant; Error(bad_input) when absent or mistyped.
Identity read_identity(const SourceVariant& v) {
  const auto& m = v.metadata;
  auto bad = [&](const std::string& key, const std::string& want) {
    return Error(ErrorKind::bad_input, where(v) + "/metadata.json: \"" + key + "\" must be " + want,
                 "kb build writes it from build.toml [general] name, version and license");
  };
  if (!m.contains("name") || !m["name"].is_string()) throw bad("name", "a string");
  if (!m.contains("version") || !m["version"].is_number_unsigned()) throw bad("version", "an unsigned integer");
  if (!m.contains("license") || !m["license"].is_string()) throw bad("license", "a string");
  return {m["name"].get<std::string>(), m["version"].get<std::uint64_t>(), m["license"].get<std::string>()};
}

void check_agreement(Bundle& b) {
  for (size_t i = 0; i < b.variants.size(); ++i) {
    const Identity id = read_identity(b.variants[i]);
    if (i == 0) {
      b.name = id.name, b.version = id.version, b.license = id.license;
      continue;
    }
    auto differ = [&](const char* key, const std::string& x, const std::string& y) {
      throw Error(ErrorKind::nonconformant,
                  std::string("metadata ") + key + " differs between variants: " + x + " in " + where(b.variants[0]) +
                      ", " + y + " in " + where(b.variants[i]),
                  "every variant of a bundle must come from the same kernel release; rebuild the stale ones");
    };
    if (id.name != b.name) differ("name", b.name, id.name);
    if (id.version != b.version) differ("version", std::to_string(b.version), std::to_string(id.version));
    if (id.license != b.license) differ("license", b.license, id.license);
  }
}

}  // namespace

Bundle merge_sources(const std::vector<SourceTree>& sources) {
  Bundle b;
  std::map<std::string, std::pair<const SourceVariant*, std::string>> chosen;
  std::map<std::string, std::pair<const SourceFile*, std::string>> benches;
  std::string card_from;
  for (const SourceTree& s : sources) {
    for (const SourceVariant& v : s.variants) {
      auto [it, fresh] = chosen.emplace(v.name, std::make_pair(&v, s.path.string()));
      if (fresh) continue;
      if (auto diff = first_difference(it->second.first->files, v.files))
        throw Error(ErrorKind::bad_input,
                    "variant " + v.name + " differs between " + it->second.second + " and " + s.path.string() + ": " + *diff,
                    "both sources built the same variant differently; drop one source or rebuild from one commit");
    }
    for (const SourceFile& f : s.benchmarks) {
      auto [it, fresh] = benches.emplace(f.rel, std::make_pair(&f, s.path.string()));
      if (!fresh && first_difference({*it->second.first}, {f}))
        throw Error(ErrorKind::bad_input, f.rel + " differs between " + it->second.second + " and " + s.path.string());
    }
    if (s.card_template && b.card_template && *s.card_template != *b.card_template)
      throw Error(ErrorKind::bad_input, "CARD.md differs between " + card_from + " and " + s.path.string(),
                  "keep one CARD.md, or pass --card");
    if (s.card_template && !b.card_template) b.card_template = s.card_template, card_from = s.path.string();
    for (const std::string& e : s.excluded) b.excluded.push_back(s.path.string() + ": " + e);
  }
  for (auto& [name, pick] : chosen) {
    b.variants.push_back(*pick.first);
    b.variant_sources.push_back(pick.second);
  }
  for (auto& [path, pick] : benches) b.benchmarks.push_back(*pick.first);
  if (b.variants.empty()) throw Error(ErrorKind::usage, "no sources", "kb package BUILD_DIR... --output NAME.zip");
  check_agreement(b);
  return b;
}

}  // namespace kb::package
