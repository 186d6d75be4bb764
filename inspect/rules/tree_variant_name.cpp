// SPDX-License-Identifier: Apache-2.0
// tree.variant-name (docs/conformance.md): the directory name is what kernels selects
// on, so it must parse under the loader's grammar and tell the truth about the contents:
// backend vs metadata.backend.type, CPU vs the ELF machine, cuXY vs the libcudart it needs.
#include <cstring>

#include "core/backends.hpp"
#include "inspect/rules/tree_util.hpp"
#include "inspect/variant_grammar.hpp"

namespace kb::inspect {

extern const Rule k_tree_variant_name;

namespace {

std::string backend_of_name(const Variant& v) {
  if (v.is_noarch())
    if (std::optional<std::string> b = backend_of_noarch(v.backend)) return *b;
  return v.backend;  // "universal": no backend
}

void check_contents(const VariantFacts& v, const Variant& var, Findings& out) {
  const Metadata* m = metadata_of(v);
  std::string named = backend_of_name(var);
  if (m && !m->backend.type.empty() && named != "universal" && named != m->backend.type)
    out.add(k_tree_variant_name, v.path, v.name,
            "variant " + v.name + " names backend " + named + " but metadata.backend.type is " + m->backend.type,
            "the directory name and metadata come from different builds; rebuild");
  for (const NativeFile& n : v.natives) {
    if (!n.facts) continue;
    const std::string path = file_path(v, n.rel);
    if (!var.cpu.empty() && !n.facts->machine.empty() && n.facts->machine != var.cpu)
      out.add(k_tree_variant_name, path, n.facts->machine,
              n.rel + " is " + n.facts->machine + " code in a " + var.cpu + " variant", "build on (or for) " + var.cpu);
    for (const std::string& lib : n.facts->needed) {
      const char* stem = var.backend == "cuda" ? "libcudart.so." : var.backend == "rocm" ? "libamdhip64.so." : nullptr;
      if (!stem || lib.rfind(stem, 0) != 0) continue;
      std::string major = lib.substr(std::strlen(stem));
      major = major.substr(0, major.find('.'));
      if (major != flat_version_major(var.backend_version))
        out.add(k_tree_variant_name, path, lib,
                n.rel + " needs " + lib + " but the variant name says " + var.compute_tag(),
                "build with the toolkit the name claims, or rename the variant");
    }
  }
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) {
    if (!v.variant && builders_emit_variant_name(v.name)) continue;  // tvm-ffi, Windows: kb does not parse them yet
    if (!v.variant) {
      bool loader_ok = kernels_accepts_variant_name(v.name);
      add_at(out, k_tree_variant_name, loader_ok ? Severity::warning : Severity::error, v.path, v.name,
             loader_ok ? "variant name " + v.name + " is loadable but no builder emits it (e.g. -cxx11 off Linux)"
                       : "variant name " + v.name + " does not parse; kernels skips it as an invalid build variant",
             "names look like torch212-cxx11-cu130-x86_64-linux, torch212-cpu-aarch64-darwin or torch-cuda");
      continue;
    }
    check_contents(v, *v.variant, out);
  }
}

}  // namespace

const Rule k_tree_variant_name{
    "tree.variant-name", Severity::error, "variant names parse and match backend, CPU and CUDA/ROCm runtime",
    "kernels picks a variant by its directory name alone: torch<MM>-cxx11-<compute>-<cpu>-linux,\n"
    "torch<MM>-<compute>-aarch64-darwin, torch-stable-abi<MM>-..., tvm-ffi<MM>-..., torch-<backend>.\n"
    "A name the loader cannot parse is skipped (error); one it parses but no builder emits is a\n"
    "warning. The name must agree with the contents: its backend with metadata.backend.type\n"
    "(cu*=cuda, rocm*, xpu*, metal, cpu, npu=cann), its CPU with the ELF machine of each .so,\n"
    "cuXY with the libcudart.so.<X> the .so needs (rocmXY with libamdhip64.so.<X>).\n"
    "example: error tree.variant-name: variant torch212-cxx11-cu126-x86_64-linux names backend cuda but\n"
    "  metadata.backend.type is rocm",
    nullptr, &check};

}  // namespace kb::inspect
