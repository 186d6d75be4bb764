// SPDX-License-Identifier: Apache-2.0
// Editions 3, 4 and 5 ([K] kernels-data/src/config/v{3,4,5}.rs), migrated to the edition 5 model
// with the update-build rules (docs/conformance.md).
#include <algorithm>

#include "core/backends.hpp"
#include "core/config/parse_common.hpp"

namespace kb::config::detail {

namespace {

void parse_kernels(const Reader& r, const toml::table& root, BuildConfig& cfg) {
  const toml::table* kernels = r.get_table(root, "kernel");
  if (!kernels) return;
  for (auto&& [name, node] : *kernels) {
    std::string n(name.str());
    if (!node.is_table()) r.fail(Reader::pos_of(node), "kernel." + n, "expected a table", "write [kernel." + n + "]");
    cfg.kernels.push_back(parse_backend_kernel(r, *node.as_table(), n));
  }
}

void parse_general_common(const Reader& r, const toml::table& general, int edition, BuildConfig& cfg) {
  check_name(r, general, edition, cfg);
  check_backends(r, general);
  cfg.backends = r.get_strings(general, "backends");
  if (cfg.backends.empty())
    r.fail(Reader::pos_of(*general.get("backends")), "general.backends", "no backends listed",
           "list at least one, e.g. backends = [\"cuda\"]");
  cfg.upstream = r.get_string(general, "upstream");
  cfg.source = r.get_string(general, "source");
  check_python_depends(r, general, "general", "");
  cfg.python_depends = r.get_strings(general, "python-depends");
  parse_hub(r, general, cfg);
  parse_backend_tables(r, general, edition, cfg);
  if (auto v = general["version"].value<int64_t>()) cfg.version = *v;
  cfg.license = r.get_string(general, "license");
}

// [torch] of edition 4/5: stable-abi is one version (v4/v5) or a per-backend table (v5).
void parse_stable_abi(const Reader& r, const toml::table& torch, int edition, BuildConfig& cfg) {
  const toml::node* n = torch.get("stable-abi");
  if (!n) return;
  if (n->is_string()) {
    std::string v = r.get_version(torch, "torch", "stable-abi");
    for (const std::string& b : cfg.backends) cfg.stable_abi[b] = v;
    if (edition == 4) cfg.notes.push_back("torch.stable-abi = \"" + v + "\" became the per-backend form");
    return;
  }
  const toml::table* t = n->as_table();
  if (!t || edition < 5)
    r.fail(Reader::pos_of(*n), "torch.stable-abi", "expected a version string",
           edition < 5 ? "write stable-abi = \"2.11\" (per-backend tables need edition = 5)"
                       : "write stable-abi = \"2.11\" or [torch.stable-abi] cuda = \"2.11\"");
  for (auto&& [k, v] : *t) {
    std::string b(k.str());
    if (std::find(backend_names().begin(), backend_names().end(), b) == backend_names().end())
      r.fail(Reader::pos_of_key(*t, b), "torch.stable-abi." + b, "unknown backend", "use a backend name such as cuda or cpu");
    cfg.stable_abi[b] = r.get_version(*t, "torch.stable-abi", b);
  }
}

void parse_framework(const Reader& r, const toml::table& root, int edition, BuildConfig& cfg) {
  const Type S = Type::strings;
  int count = root.contains("torch") + root.contains("torch-noarch") + root.contains("tvm-ffi");
  if (count > 1)
    r.fail(Reader::pos_of(root), "", "more than one framework table",
           "keep exactly one of [torch], [torch-noarch] and [tvm-ffi]");
  if (const toml::table* t = r.get_table(root, "torch")) {
    if (edition >= 4)
      r.check(*t, "torch", {{"include", S}, {"minver", Type::string}, {"maxver", Type::string}, {"pyext", S},
                            {"src", S}, {"stable-abi", Type::any}, {"cxx-flags", S}});
    else
      r.check(*t, "torch", {{"include", S}, {"minver", Type::string}, {"maxver", Type::string}, {"pyext", S}, {"src", S}});
    cfg.framework = Framework::torch;
    cfg.src = r.get_located(*t, "src");
    cfg.include = r.get_strings(*t, "include");
    if (t->contains("pyext")) cfg.pyext = r.get_strings(*t, "pyext");
    cfg.cxx_flags = r.get_strings(*t, "cxx-flags");
    cfg.torch_minver = r.get_version(*t, "torch", "minver");
    cfg.torch_maxver = r.get_version(*t, "torch", "maxver");
    parse_stable_abi(r, *t, edition, cfg);
  } else if (const toml::table* t = r.get_table(root, "tvm-ffi")) {
    if (edition >= 4) r.check(*t, "tvm-ffi", {{"include", S}, {"pyext", S}, {"src", S, true}, {"cxx-flags", S}});
    else r.check(*t, "tvm-ffi", {{"include", S}, {"pyext", S}, {"src", S, true}});
    cfg.framework = Framework::tvm_ffi;
    cfg.src = r.get_located(*t, "src");
    cfg.include = r.get_strings(*t, "include");
    if (t->contains("pyext")) cfg.pyext = r.get_strings(*t, "pyext");
    cfg.cxx_flags = r.get_strings(*t, "cxx-flags");
  } else if (const toml::table* t = r.get_table(root, "torch-noarch"); t && edition >= 4) {
    // Upstream's struct has snake_case keys while its docs write kebab-case: accept both.
    r.check(*t, "torch-noarch", {{"pyext", S}, {"cuda_capabilities", S}, {"rocm_archs", S},
                                 {"cuda-capabilities", S}, {"rocm-archs", S}});
    cfg.framework = Framework::torch_noarch;
    if (t->contains("pyext")) cfg.pyext = r.get_strings(*t, "pyext");
    cfg.noarch_cuda_capabilities = r.get_strings(*t, t->contains("cuda_capabilities") ? "cuda_capabilities" : "cuda-capabilities");
    cfg.noarch_rocm_archs = r.get_strings(*t, t->contains("rocm_archs") ? "rocm_archs" : "rocm-archs");
  } else if (edition >= 4) {
    r.fail(Reader::pos_of(root), "", "no framework table",
           "add [torch] (compiled kernels), [torch-noarch] (Python only) or [tvm-ffi]");
  } else {
    cfg.framework = Framework::torch_noarch;
    cfg.notes.push_back("no framework table became [torch-noarch]");
  }
}

}  // namespace

void parse_v3(const Reader& r, const toml::table& root, BuildConfig& cfg) {
  r.check(root, "", {{"general", Type::table, true}, {"torch", Type::table}, {"tvm-ffi", Type::table},
                     {"kernel", Type::table}});
  const toml::table& general = *root["general"].as_table();
  const Type S = Type::strings;
  r.check(general, "general", {{"name", Type::string, true}, {"backends", S, true}, {"version", Type::integer},
                               {"license", Type::string}, {"upstream", Type::string}, {"source", Type::string},
                               {"python-depends", S}, {"cuda", Type::table}, {"hub", Type::table},
                               {"xpu", Type::table}, {"neuron", Type::table}});
  parse_general_common(r, general, 3, cfg);
  if (!general.contains("version")) cfg.notes.push_back("general.version defaults to 1");
  if (cfg.license.empty()) cfg.notes.push_back("general.license is missing (edition 5 requires one)");
  parse_framework(r, root, 3, cfg);
  parse_kernels(r, root, cfg);
}

void parse_v4_v5(const Reader& r, const toml::table& root, int edition, BuildConfig& cfg) {
  r.check(root, "", {{"general", Type::table, true}, {"torch", Type::table}, {"torch-noarch", Type::table},
                     {"tvm-ffi", Type::table}, {"kernel", Type::table}});
  const toml::table& general = *root["general"].as_table();
  const Type S = Type::strings;
  if (edition == 5)
    r.check(general, "general", {{"name", Type::string, true}, {"version", Type::integer, true},
                                 {"license", Type::string, true}, {"backends", S, true}, {"edition", Type::integer},
                                 {"upstream", Type::string}, {"source", Type::string}, {"python-depends", S},
                                 {"kernel-depends", Type::any}, {"cuda", Type::table}, {"hub", Type::table},
                                 {"xpu", Type::table}, {"neuron", Type::table}, {"tpu", Type::table}});
  else
    r.check(general, "general", {{"name", Type::string, true}, {"version", Type::integer, true},
                                 {"license", Type::string, true}, {"backends", S, true}, {"upstream", Type::string},
                                 {"source", Type::string}, {"python-depends", S}, {"cuda", Type::table},
                                 {"hub", Type::table}, {"xpu", Type::table}, {"neuron", Type::table}});
  parse_general_common(r, general, edition, cfg);
  if (edition == 5) cfg.kernel_depends = parse_kernel_depends(r, general, "general");
  else cfg.notes.push_back("edition = 5 added (legacy v4 format upgraded in memory)");
  parse_framework(r, root, edition, cfg);
  parse_kernels(r, root, cfg);
}

}  // namespace kb::config::detail
