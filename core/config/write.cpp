// SPDX-License-Identifier: Apache-2.0
// Renders the model as edition 5 TOML in upstream's key order. Values are formatted by toml++
// (quoting and escaping); only the layout is ours.
#include <sstream>

#include <toml++/toml.h>

#include "core/config/build_config.hpp"
#include "core/error.hpp"

namespace kb::config {

namespace {

// Double-quoted strings, as upstream writes them (toml++ prefers 'literal' strings by default).
constexpr toml::format_flags k_flags = toml::format_flags::indentation;

std::string quoted(const std::string& v) {
  std::ostringstream o;
  o << toml::toml_formatter(toml::value<std::string>(v), k_flags);
  return o.str();
}

class Writer {
 public:
  void section(const std::string& name) { m_out << (m_out.tellp() > 0 ? "\n[" : "[") << name << "]\n"; }
  void str(const std::string& key, const std::string& v, bool always = false) {
    if (!v.empty() || always) m_out << key << " = " << quoted(v) << "\n";
  }
  void num(const std::string& key, int64_t v) { m_out << key << " = " << v << "\n"; }
  void list(const std::string& key, const std::vector<std::string>& v, bool always = false) {
    if (v.empty() && !always) return;
    toml::array a;
    for (const std::string& s : v) a.push_back(s);
    m_out << key << " = " << toml::toml_formatter(a, k_flags) << "\n";
  }
  void deps(const std::string& key, const std::vector<KernelDep>& v) {
    if (v.empty()) return;
    m_out << key << " = [\n";
    for (const KernelDep& d : v) {
      toml::table t{{"repo-id", d.repo_id}};
      if (d.version) t.insert("version", *d.version);
      else t.insert("revision", d.revision);
      m_out << "  " << toml::toml_formatter(t, k_flags) << ",\n";
    }
    m_out << "]\n";
  }
  std::string text() const { return m_out.str(); }

 private:
  std::ostringstream m_out;
};

std::vector<std::string> values(const std::vector<Located>& v) {
  std::vector<std::string> out;
  for (const Located& e : v) out.push_back(e.value);
  return out;
}

std::string bare_or_quoted(const std::string& key) {
  bool bare = !key.empty() && key.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos;
  if (bare) return key;
  return quoted(key);
}

void write_general(Writer& w, const BuildConfig& c) {
  w.section("general");
  w.str("name", c.name);
  w.num("version", c.version);
  w.str("license", c.license);
  w.num("edition", 5);
  w.list("backends", c.backends, true);
  w.str("upstream", c.upstream);
  w.str("source", c.source);
  w.list("python-depends", c.python_depends);
  w.deps("kernel-depends", c.kernel_depends);
  if (!c.hub_repo_id.empty() || !c.hub_branch.empty()) {
    w.section("general.hub");
    w.str("repo-id", c.hub_repo_id);
    w.str("branch", c.hub_branch);
  }
  for (const auto& [backend, d] : c.backend_deps) {
    bool cuda = backend == "cuda";
    if (d.python_depends.empty() && d.kernel_depends.empty() && !(cuda && (!c.cuda_minver.empty() || !c.cuda_maxver.empty())))
      continue;
    w.section("general." + backend);
    if (cuda) w.str("minver", c.cuda_minver), w.str("maxver", c.cuda_maxver);
    w.list("python-depends", d.python_depends);
    w.deps("kernel-depends", d.kernel_depends);
  }
  if (!c.backend_deps.count("cuda") && (!c.cuda_minver.empty() || !c.cuda_maxver.empty())) {
    w.section("general.cuda");
    w.str("minver", c.cuda_minver);
    w.str("maxver", c.cuda_maxver);
  }
}

void write_framework(Writer& w, const BuildConfig& c) {
  bool default_pyext = c.pyext == std::vector<std::string>{"py", "pyi"};
  if (c.framework == Framework::torch_noarch) {
    w.section("torch-noarch");
    if (!default_pyext) w.list("pyext", c.pyext);
    w.list("cuda_capabilities", c.noarch_cuda_capabilities);
    w.list("rocm_archs", c.noarch_rocm_archs);
    return;
  }
  w.section(c.framework == Framework::tvm_ffi ? "tvm-ffi" : "torch");
  w.list("src", values(c.src), c.framework == Framework::tvm_ffi);
  w.list("include", c.include);
  if (!default_pyext) w.list("pyext", c.pyext);
  w.list("cxx-flags", c.cxx_flags);
  w.str("minver", c.torch_minver);
  w.str("maxver", c.torch_maxver);
  if (!c.stable_abi.empty()) {
    w.section("torch.stable-abi");
    for (const auto& [backend, v] : c.stable_abi) w.str(backend, v);
  }
}

void write_kernel(Writer& w, const Kernel& k) {
  w.section("kernel." + bare_or_quoted(k.name));
  w.str("backend", k.backend);
  if (k.cuda_capabilities) w.list("cuda-capabilities", values(*k.cuda_capabilities), true);
  w.list("rocm-archs", k.rocm_archs);
  w.list("cuda-flags", k.cuda_flags);
  w.str("cuda-minver", k.cuda_minver);
  w.list("hip-flags", k.hip_flags);
  w.list("sycl-flags", k.sycl_flags);
  w.list("cxx-flags", k.cxx_flags);
  w.list("depends", k.depends, true);
  w.list("include", k.include);
  w.list("src", values(k.src), true);
}

}  // namespace

std::string write_edition5(const BuildConfig& config) {
  // [K] update-build: "The `license` key is required in the `general` section".
  if (config.license.empty())
    throw Error(ErrorKind::bad_input,
                where(config.file, {}) + ": general.license: cannot migrate, edition 5 requires a license",
                "add license = \"apache-2.0\" (or your license) to [general], or pass kb update-build --license ID");
  Writer w;
  write_general(w, config);
  write_framework(w, config);
  for (const Kernel& k : config.kernels) write_kernel(w, k);
  return w.text();
}

}  // namespace kb::config
