// SPDX-License-Identifier: Apache-2.0
// Schema follows kernels-data's Metadata struct (docs/conformance.md): kebab-case keys,
// unknown top-level keys ignored, python-depends required (no serde default in the code even
// though the docs call it optional), commit/dirty only together.
#include "core/metadata.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/backends.hpp"
#include "core/error.hpp"
#include "core/file_text.hpp"

namespace kb {

using json = nlohmann::json;

namespace {

class Reader {
 public:
  explicit Reader(MetadataParse& out) : m_out(out) {}
  void problem(std::string key, std::string message) { m_out.problems.push_back({std::move(key), std::move(message)}); }

  std::optional<std::string> string_at(const json& obj, const std::string& key, const std::string& path, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) problem(path, "required key is missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      problem(path, "must be a string, found " + std::string(it->type_name()));
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<std::vector<std::string>> strings_at(const json& obj, const std::string& key, const std::string& path) {
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    if (!it->is_array()) {
      problem(path, "must be a list of strings");
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < it->size(); ++i) {
      if ((*it)[i].is_string()) out.push_back((*it)[i].get<std::string>());
      else problem(path + "[" + std::to_string(i) + "]", "must be a string");
    }
    return out;
  }

 private:
  MetadataParse& m_out;
};

bool is_hex_oid(const std::string& s) {
  if (s.size() != 40 && s.size() != 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// kernels-data accepts these schemes or the scp form host:path (git_url.rs).
bool is_git_url(const std::string& s) {
  static const std::regex k_url(R"((https|http|git|ssh|git\+ssh|git\+https|git\+http)://[^\s/]+(/\S*)?)");
  static const std::regex k_scp(R"(([A-Za-z0-9_.-]+@)?[A-Za-z0-9_.-]+:[^\s/][^\s]*)");
  return std::regex_match(s, k_url) || std::regex_match(s, k_scp);
}

std::optional<GitState> read_git(Reader& r, const json& obj, const std::string& path) {
  std::optional<std::string> commit = r.string_at(obj, "commit", path + ".commit", false);
  if (!commit) commit = r.string_at(obj, "sha", path + ".sha", false);
  auto dirty = obj.find("dirty");
  bool has_dirty = dirty != obj.end();
  if (!commit && !has_dirty) return std::nullopt;
  if (!commit || !has_dirty) {
    r.problem(path, "git commit and dirty must be specified together");
    return std::nullopt;
  }
  if (!dirty->is_boolean()) r.problem(path + ".dirty", "must be a boolean");
  if (!is_hex_oid(*commit)) {
    r.problem(path + ".commit", "invalid git object id \"" + *commit + "\", expected 40 or 64 hexadecimal digits");
    return std::nullopt;
  }
  std::string lower = *commit;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return GitState{lower, dirty->is_boolean() && dirty->get<bool>()};
}

void read_provenance(Reader& r, const json& p, Metadata& m) {
  if (!p.is_object()) return r.problem("provenance", "must be an object");
  Provenance prov;
  if (auto kb = p.find("kernel-builder"); kb != p.end()) {
    if (!kb->is_object()) {
      r.problem("provenance.kernel-builder", "must be an object");
    } else {
      Provenance::Builder b;
      b.version = r.string_at(*kb, "version", "provenance.kernel-builder.version", true).value_or("");
      b.git = read_git(r, *kb, "provenance.kernel-builder");
      prov.kernel_builder = b;
    }
  }
  if (!p.contains("kernel-builder")) r.problem("provenance.kernel-builder", "required key is missing");
  if (auto k = p.find("kernel"); k != p.end()) {
    if (!k->is_object()) r.problem("provenance.kernel", "must be an object");
    else if (!(prov.kernel = read_git(r, *k, "provenance.kernel")) && !k->contains("commit") &&
             !k->contains("sha") && !k->contains("dirty"))
      r.problem("provenance.kernel", "needs commit and dirty");
  }
  m.provenance = prov;
}

void read_kernel_depends(Reader& r, const json& list, Metadata& m) {
  if (!list.is_array()) return r.problem("kernel-depends", "must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const json& d = list[i];
    std::string path = "kernel-depends[" + std::to_string(i) + "]";
    if (!d.is_object()) {
      r.problem(path, "must be an object {repo-id, version|revision}");
      continue;
    }
    KernelDepend dep;
    dep.repo_id = r.string_at(d, "repo-id", path + ".repo-id", true).value_or("");
    if (auto v = d.find("version"); v != d.end()) {
      if (v->is_number_unsigned()) dep.version = v->get<std::uint64_t>();
      else r.problem(path + ".version", "must be an unsigned integer");
    }
    dep.revision = r.string_at(d, "revision", path + ".revision", false);
    if (d.contains("version") == d.contains("revision"))
      r.problem(path, "exactly one of version and revision must be given");
    for (auto it = d.begin(); it != d.end(); ++it)
      if (it.key() != "repo-id" && it.key() != "version" && it.key() != "revision")
        r.problem(path + "." + it.key(), "unknown key");
    m.kernel_depends.push_back(dep);
  }
}

void read_backend(Reader& r, const json& b, Metadata& m) {
  if (!b.is_object()) return r.problem("backend", "must be an object {type, archs}");
  m.backend.type = r.string_at(b, "type", "backend.type", true).value_or("");
  const auto& types = backend_names();
  if (!m.backend.type.empty() && std::find(types.begin(), types.end(), m.backend.type) == types.end())
    r.problem("backend.type", "unknown backend \"" + m.backend.type + "\"");
  m.backend.archs = r.strings_at(b, "archs", "backend.archs");
}

void read_digest(Reader& r, const json& d, Metadata& m) {
  if (!d.is_object()) return r.problem("digest", "must be an object {algorithm, files}");
  DigestInfo info;
  info.algorithm = r.string_at(d, "algorithm", "digest.algorithm", true).value_or("");
  if (!info.algorithm.empty() && info.algorithm != "sha256" && info.algorithm != "sha512")
    r.problem("digest.algorithm", "unknown algorithm \"" + info.algorithm + "\"");
  auto files = d.find("files");
  if (files == d.end() || !files->is_object()) {
    r.problem("digest.files", "must be an object mapping paths to base64 digests");
  } else {
    for (auto it = files->begin(); it != files->end(); ++it) {
      if (it->is_string()) info.files[it.key()] = it->get<std::string>();
      else r.problem("digest.files." + it.key(), "must be a string");
    }
  }
  m.digest = info;
}

void read_top(Reader& r, const json& j, MetadataParse& out) {
  Metadata& m = out.metadata;
  m.name = r.string_at(j, "name", "name", true).value_or("");
  if (j.contains("name") && j["name"].is_string() && !is_valid_kernel_name(m.name))
    r.problem("name", "\"" + m.name + "\" does not match ^[a-z][-a-z0-9]*[a-z0-9]$");
  m.id = r.string_at(j, "id", "id", true).value_or("");
  if (auto v = j.find("version"); v == j.end()) r.problem("version", "required key is missing");
  else if (!v->is_number_unsigned()) r.problem("version", "must be an unsigned integer");
  else m.version = v->get<std::uint64_t>();
  m.license = r.string_at(j, "license", "license", true).value_or("");
  for (const char* key : {"upstream", "source"}) {
    auto s = r.string_at(j, key, key, false);
    if (s && !is_git_url(*s)) r.problem(key, "\"" + *s + "\" is not a git URL");
    (std::string(key) == "upstream" ? m.upstream : m.source) = s;
  }
  auto deps = r.strings_at(j, "python-depends", "python-depends");
  out.has_python_depends = j.contains("python-depends");
  if (!out.has_python_depends) r.problem("python-depends", "required key is missing (write [] for none)");
  m.python_depends = deps.value_or(std::vector<std::string>{});
  if (auto k = j.find("kernel-depends"); k != j.end()) read_kernel_depends(r, *k, m);
  if (auto b = j.find("backend"); b != j.end()) read_backend(r, *b, m);
  else r.problem("backend", "required key is missing");
  if (auto d = j.find("digest"); d != j.end()) read_digest(r, *d, m);
  if (auto p = j.find("provenance"); p != j.end()) read_provenance(r, *p, m);
}

const std::vector<std::string> k_known_keys = {"name", "id", "version", "license", "upstream", "source",
                                               "python-depends", "kernel-depends", "backend", "digest",
                                               "provenance"};

}  // namespace

std::string Metadata::python_name() const {
  std::string out = name;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

bool is_valid_kernel_name(std::string_view name) {
  static const std::regex k_name("[a-z][-a-z0-9]*[a-z0-9]");
  return std::regex_match(name.begin(), name.end(), k_name);
}

MetadataParse parse_metadata(std::string_view text) {
  MetadataParse out;
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    out.problems.push_back({"", "not valid JSON"});
    return out;
  }
  if (!j.is_object()) {
    out.problems.push_back({"", "must be a JSON object, found " + std::string(j.type_name())});
    return out;
  }
  out.json_ok = true;
  Reader r(out);
  read_top(r, j, out);
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find(k_known_keys.begin(), k_known_keys.end(), it.key()) == k_known_keys.end())
      out.unknown_keys.push_back(it.key());
  return out;
}

Metadata read_metadata_file(const std::filesystem::path& path) {
  std::optional<std::string> text = read_file(path);
  if (!text)
    throw Error(ErrorKind::bad_input, path.string() + ": cannot open metadata.json",
                "every variant directory needs a metadata.json (kb build writes it)");
  MetadataParse p = parse_metadata(*text);
  if (!p.problems.empty()) {
    const MetadataProblem& first = p.problems.front();
    throw Error(ErrorKind::bad_input,
                path.string() + ": " + (first.key.empty() ? "" : first.key + ": ") + first.message,
                "fix metadata.json (schema: kb inspect --explain tree.metadata)");
  }
  return p.metadata;
}

}  // namespace kb
