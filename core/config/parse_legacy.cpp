// SPDX-License-Identifier: Apache-2.0
// The seed format (v1, [KB@A] build2cmake/src/config.rs) and v2 ([KB] bb1edfe), migrated to the
// edition 5 model with [KB] build2cmake/src/config/v1.rs and v2 -> v3 rules (docs/conformance.md).
#include <algorithm>
#include <set>

#include "core/backends.hpp"
#include "core/config/parse_common.hpp"

namespace kb::config::detail {

namespace {

void parse_torch_v1(const Reader& r, const toml::table& root, BuildConfig& cfg) {
  const toml::table* torch = r.get_table(root, "torch");
  // [KB@A] build2cmake/src/torch.rs: "Build configuration does not have `torch` section".
  if (!torch)
    r.fail(Reader::pos_of(root), "torch", "build configuration does not have a [torch] section",
           "add [torch] with src = [\"torch-ext/torch_binding.cpp\", ...]");
  r.check(*torch, "torch", {{"src", Type::strings}, {"include", Type::strings}, {"pyext", Type::strings},
                            {"universal", Type::boolean}});
  cfg.src = r.get_located(*torch, "src");
  cfg.include = r.get_strings(*torch, "include");
  if (torch->contains("pyext")) cfg.pyext = r.get_strings(*torch, "pyext");
  cfg.universal = r.get_bool(*torch, "universal", false);
}

// Rule v1.kernel: each kernel becomes a `cuda` kernel of the same name with its capabilities;
// a cuda-hipify kernel also yields `<name>_rocm` (a rocm kernel with the rocm-archs).
void parse_kernel_v1(const Reader& r, const toml::table& t, const std::string& name, BuildConfig& cfg) {
  std::string path = "kernel." + name;
  const Type S = Type::strings;
  r.check(t, path, {{"src", S, true}, {"depends", S, true}, {"cuda-capabilities", S}, {"rocm-archs", S},
                    {"language", Type::string}, {"include", S}});
  check_kernel_values(r, t, path);
  std::string language = r.get_string(t, "language", "cuda");
  if (language != "cuda" && language != "cuda-hipify" && language != "metal")
    r.fail(Reader::pos_of(*t.get("language")), path + ".language", "unknown language \"" + language + "\"",
           "expected cuda or cuda-hipify");
  // Upstream turned `metal` into cuda too (a quirk); kb keeps it a metal kernel, which is what was meant.
  Kernel k = read_kernel_sources(r, t, name, language == "metal" ? "metal" : "cuda");
  if (language == "metal") cfg.notes.push_back(path + ": language = \"metal\" became backend = \"metal\"");
  // Tables iterate in key order, so `a` may have expanded into `a_rocm` before [kernel.a_rocm].
  for (const Kernel& other : cfg.kernels)
    if (other.name == name)
      r.fail(k.pos, path, "found an existing kernel with name `" + name + "` while expanding `" +
             name.substr(0, name.size() - 5) + "`", "rename [kernel." + name + "]: cuda-hipify kernels expand to <name>_rocm");
  cfg.kernels.push_back(k);
  if (language != "cuda-hipify") return;
  Kernel rocm = k;
  rocm.name = name + "_rocm";
  rocm.backend = "rocm";
  rocm.cuda_capabilities.reset();
  rocm.rocm_archs = r.get_strings(t, "rocm-archs");
  for (const Kernel& other : cfg.kernels)
    if (other.name == rocm.name)
      r.fail(Reader::pos_of(t), path, "found an existing kernel with name `" + rocm.name + "` while expanding `" + name + "`",
             "rename [kernel." + rocm.name + "]: cuda-hipify kernels expand to <name>_rocm");
  cfg.notes.push_back(path + ": language = \"cuda-hipify\" added rocm kernel `" + rocm.name + "`");
  cfg.kernels.push_back(rocm);
}

// Rule v1.backends / v2.universal: universal means every backend, else the kernels' backends.
void derive_backends(BuildConfig& cfg) {
  if (cfg.universal) {
    cfg.backends = backend_names();
    cfg.framework = Framework::torch_noarch;
    cfg.notes.push_back("universal = true became [torch-noarch] with every backend");
    return;
  }
  std::set<std::string> seen;
  for (const Kernel& k : cfg.kernels) seen.insert(k.backend);
  cfg.backends.assign(seen.begin(), seen.end());
  cfg.notes.push_back("general.backends derived from the kernels' backends");
}

void legacy_defaults(BuildConfig& cfg) {
  cfg.version = 1;
  cfg.notes.push_back("general.version defaults to 1");
  cfg.notes.push_back("general.license is missing (edition 5 requires one)");
}

}  // namespace

void parse_v1(const Reader& r, const toml::table& root, BuildConfig& cfg) {
  r.check(root, "", {{"general", Type::table, true}, {"torch", Type::table}, {"kernel", Type::table}});
  const toml::table& general = *root["general"].as_table();
  r.check(general, "general", {{"name", Type::string, true}});
  check_name(r, general, 1, cfg);
  parse_torch_v1(r, root, cfg);
  if (const toml::table* kernels = r.get_table(root, "kernel"))
    for (auto&& [name, node] : *kernels) {
      if (!node.is_table())
        r.fail(Reader::pos_of(node), "kernel." + std::string(name.str()), "expected a table", "write [kernel." + std::string(name.str()) + "]");
      parse_kernel_v1(r, *node.as_table(), std::string(name.str()), cfg);
    }
  derive_backends(cfg);
  legacy_defaults(cfg);
}

void parse_v2(const Reader& r, const toml::table& root, BuildConfig& cfg) {
  r.check(root, "", {{"general", Type::table, true}, {"torch", Type::table}, {"kernel", Type::table}});
  const toml::table& general = *root["general"].as_table();
  r.check(general, "general", {{"name", Type::string, true}, {"universal", Type::boolean},
                               {"cuda-minver", Type::string}, {"cuda-maxver", Type::string},
                               {"hub", Type::table}, {"python-depends", Type::strings}});
  check_name(r, general, 2, cfg);
  cfg.universal = r.get_bool(general, "universal", false);
  cfg.cuda_minver = r.get_version(general, "general", "cuda-minver");
  cfg.cuda_maxver = r.get_version(general, "general", "cuda-maxver");
  if (general.contains("cuda-minver") || general.contains("cuda-maxver"))
    cfg.notes.push_back("general.cuda-minver/cuda-maxver moved to general.cuda.minver/maxver");
  parse_hub(r, general, cfg);
  check_python_depends(r, general, "general", "");
  cfg.python_depends = r.get_strings(general, "python-depends");
  if (const toml::table* torch = r.get_table(root, "torch")) {
    r.check(*torch, "torch", {{"src", Type::strings}, {"include", Type::strings}, {"pyext", Type::strings},
                              {"minver", Type::string}, {"maxver", Type::string}});
    cfg.src = r.get_located(*torch, "src");
    cfg.include = r.get_strings(*torch, "include");
    if (torch->contains("pyext")) cfg.pyext = r.get_strings(*torch, "pyext");
    cfg.torch_minver = r.get_version(*torch, "torch", "minver");
    cfg.torch_maxver = r.get_version(*torch, "torch", "maxver");
  }
  if (const toml::table* kernels = r.get_table(root, "kernel"))
    for (auto&& [name, node] : *kernels) {
      if (!node.is_table())
        r.fail(Reader::pos_of(node), "kernel." + std::string(name.str()), "expected a table", "write [kernel." + std::string(name.str()) + "]");
      cfg.kernels.push_back(parse_backend_kernel(r, *node.as_table(), std::string(name.str())));
    }
  derive_backends(cfg);
  legacy_defaults(cfg);
}

}  // namespace kb::config::detail
