// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/backends.hpp"
#include "core/config/parse_common.hpp"
#include "core/embedded_data.hpp"
#include "core/python_depends.hpp"

namespace kb::config::detail {

namespace {

// The C++ dependency names kb build resolves (core/data/cxx_deps.json, kernel-builder's names):
// check-config accepts exactly the names kb build knows where to get (docs/cxx-deps.md).
const std::vector<std::string>& known_depends() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    nlohmann::json j = nlohmann::json::parse(embedded_data("cxx_deps.json"));
    for (const auto& [name, entry] : j.at("dependencies").items()) out.push_back(name);
    return out;
  }();
  return names;
}

// The loader's table: general entries plus the scope's own (build.toml's [general] uses "").
std::vector<std::string> python_deps_for(const std::string& scope) {
  std::vector<std::string> out;
  for (const auto& [name, imports] : python_depends_for(scope.empty() ? "general" : scope)) out.push_back(name);
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void check_enum(const Reader& r, const toml::table& t, const std::string& path, std::string_view key,
                const std::vector<std::string>& allowed, const std::string& what) {
  for (const Located& e : r.get_located(t, key))
    if (std::find(allowed.begin(), allowed.end(), e.value) == allowed.end()) {
      std::string near = closest(e.value, allowed);
      r.fail(e.pos, path + "." + std::string(key), "unknown " + what + " \"" + e.value + "\"",
             (near.empty() ? "" : "did you mean \"" + near + "\"? ") + "expected one of " + joined(allowed));
    }
}

}  // namespace

void check_kernel_values(const Reader& r, const toml::table& t, const std::string& path) {
  check_enum(r, t, path, "depends", known_depends(), "dependency");
  // "8.0", "9.0a", "10.0f", "8.0+PTX" (build/arch_select.hpp); validated early so typos fail at check-config.
  static const std::regex cap(R"(^[0-9]+\.[0-9]+[af]?(\+PTX)?$)");
  for (const Located& c : r.get_located(t, "cuda-capabilities"))
    if (!std::regex_match(c.value, cap))
      r.fail(c.pos, path + ".cuda-capabilities", "malformed CUDA capability \"" + c.value + "\"",
             "write major.minor with an optional a/f suffix and +PTX, e.g. \"8.0\", \"9.0a\", \"12.0+PTX\"");
}

Kernel read_kernel_sources(const Reader& r, const toml::table& t, const std::string& name, const std::string& backend) {
  Kernel k;
  k.name = name;
  k.backend = backend;
  k.pos = Reader::pos_of(t);
  k.src = r.get_located(t, "src");
  k.include = r.get_strings(t, "include");
  k.depends = r.get_strings(t, "depends");
  if (t.contains("cuda-capabilities")) {
    k.cuda_capabilities = r.get_located(t, "cuda-capabilities");
    k.caps_pos = Reader::pos_of_key(t, "cuda-capabilities");
  }
  return k;
}

Kernel parse_backend_kernel(const Reader& r, const toml::table& t, const std::string& name) {
  std::string path = "kernel." + name;
  std::string backend = r.get_string(t, "backend");
  const std::vector<std::string>& kernel_backends = compiled_backend_names();
  if (!t.contains("backend"))
    r.fail(Reader::pos_of(t), path + ".backend", "missing required key",
           "add backend = \"cuda\" (one of " + joined(kernel_backends) + ")");
  if (std::find(kernel_backends.begin(), kernel_backends.end(), backend) == kernel_backends.end())
    r.fail(Reader::pos_of(*t.get("backend")), path + ".backend", "unknown backend \"" + backend + "\"",
           "expected one of " + joined(kernel_backends));
  const Type S = Type::strings;
  if (backend == "cuda")
    r.check(t, path, {{"backend", Type::string}, {"cuda-capabilities", S}, {"cuda-flags", S},
                      {"cuda-minver", Type::string}, {"cxx-flags", S}, {"depends", S, true},
                      {"include", S}, {"src", S, true}});
  else if (backend == "rocm")
    r.check(t, path, {{"backend", Type::string}, {"rocm-archs", S}, {"hip-flags", S}, {"cxx-flags", S},
                      {"depends", S, true}, {"include", S}, {"src", S, true}});
  else if (backend == "xpu")
    r.check(t, path, {{"backend", Type::string}, {"sycl-flags", S}, {"cxx-flags", S},
                      {"depends", S, true}, {"include", S}, {"src", S, true}});
  else
    r.check(t, path, {{"backend", Type::string}, {"cxx-flags", S}, {"depends", S, true},
                      {"include", S}, {"src", S, true}});
  check_kernel_values(r, t, path);
  Kernel k = read_kernel_sources(r, t, name, backend);
  k.rocm_archs = r.get_strings(t, "rocm-archs");
  k.cuda_flags = r.get_strings(t, "cuda-flags");
  k.cxx_flags = r.get_strings(t, "cxx-flags");
  k.hip_flags = r.get_strings(t, "hip-flags");
  k.sycl_flags = r.get_strings(t, "sycl-flags");
  k.cuda_minver = r.get_version(t, path, "cuda-minver");
  return k;
}

void check_name(const Reader& r, const toml::table& general, int edition, BuildConfig& cfg) {
  cfg.name = r.get_string(general, "name");
  static const std::regex re("^[a-z][-a-z0-9]*[a-z0-9]$");
  if (std::regex_match(cfg.name, re)) return;
  std::string problem = "invalid kernel name \"" + cfg.name + "\"";
  std::string rules = "a name starts with a lower-case letter, has at least 2 characters, uses only a-z, 0-9 "
                      "and '-', and does not end with '-'";
  if (edition >= 3) r.fail(Reader::pos_of(*general.get("name")), "general.name", problem, rules);
  cfg.notes.push_back("general.name \"" + cfg.name + "\" is not valid in edition 5 (" + rules + ")");
}

void check_backends(const Reader& r, const toml::table& general) {
  check_enum(r, general, "general", "backends", backend_names(), "backend");
}

void check_python_depends(const Reader& r, const toml::table& t, const std::string& path, const std::string& scope) {
  const std::vector<std::string> allowed = python_deps_for(scope);
  for (const Located& e : r.get_located(t, "python-depends"))
    if (std::find(allowed.begin(), allowed.end(), e.value) == allowed.end())
      r.fail(e.pos, path + ".python-depends", "unknown python dependency \"" + e.value + "\"",
             allowed.empty() ? "no python dependencies are defined for this backend"
                             : "known dependencies here: " + joined(allowed));
}

std::vector<KernelDep> parse_kernel_depends(const Reader& r, const toml::table& t, const std::string& path) {
  std::vector<KernelDep> out;
  const toml::node* n = t.get("kernel-depends");
  if (!n) return out;
  std::string key = path + ".kernel-depends";
  const toml::array* a = n->as_array();
  if (!a) r.fail(Reader::pos_of(*n), key, "expected an array of tables", "write kernel-depends = [{ repo-id = \"org/name\", version = 1 }]");
  for (const toml::node& e : *a) {
    const toml::table* et = e.as_table();
    if (!et) r.fail(Reader::pos_of(e), key, "expected a table", "write { repo-id = \"org/name\", version = 1 }");
    r.check(*et, key, {{"repo-id", Type::string, true}, {"version", Type::integer}, {"revision", Type::string}});
    if (et->contains("version") == et->contains("revision"))
      r.fail(Reader::pos_of(e), key, "exactly one of version and revision is required",
             "give either version = <int> or revision = \"<git revision>\"");
    KernelDep d;
    d.repo_id = r.get_string(*et, "repo-id");
    if (auto v = (*et)["version"].value<int64_t>()) d.version = *v;
    d.revision = r.get_string(*et, "revision");
    out.push_back(d);
  }
  return out;
}

void parse_hub(const Reader& r, const toml::table& general, BuildConfig& cfg) {
  const toml::table* hub = r.get_table(general, "hub");
  if (!hub) return;
  r.check(*hub, "general.hub", {{"repo-id", Type::string}, {"branch", Type::string}});
  cfg.hub_repo_id = r.get_string(*hub, "repo-id");
  cfg.hub_branch = r.get_string(*hub, "branch");
}

void parse_backend_tables(const Reader& r, const toml::table& general, int edition, BuildConfig& cfg) {
  for (const char* b : {"cuda", "xpu", "neuron", "tpu"}) {
    const toml::table* t = r.get_table(general, b);
    if (!t) continue;
    std::string path = std::string("general.") + b;
    bool cuda = std::string(b) == "cuda";
    bool kd = edition >= 5;
    if (cuda && kd)
      r.check(*t, path, {{"minver", Type::string}, {"maxver", Type::string}, {"python-depends", Type::strings},
                         {"kernel-depends", Type::any}});
    else if (cuda)
      r.check(*t, path, {{"minver", Type::string}, {"maxver", Type::string}, {"python-depends", Type::strings}});
    else if (kd)
      r.check(*t, path, {{"python-depends", Type::strings}, {"kernel-depends", Type::any}});
    else
      r.check(*t, path, {{"python-depends", Type::strings}});
    check_python_depends(r, *t, path, b);
    BackendDeps& d = cfg.backend_deps[b];
    d.python_depends = r.get_strings(*t, "python-depends");
    if (kd) d.kernel_depends = parse_kernel_depends(r, *t, path);
    if (cuda) {
      cfg.cuda_minver = r.get_version(*t, path, "minver");
      cfg.cuda_maxver = r.get_version(*t, path, "maxver");
    }
  }
}

}  // namespace kb::config::detail
