// SPDX-License-Identifier: Apache-2.0
// py.depends (docs/conformance.md): python-depends entries must be on the allow-list of
// the variant's backend (general entries plus that backend's). The loader refuses others
// ("uses unsupported kernel dependency"), and tpu/cann have no table at all.
#include "inspect/catalog_data.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_py_depends;

namespace {

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  const auto& tables = catalog_data().python_depends;
  const auto& general = tables.at("general");
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    if (!m) continue;
    auto backend = tables.find(m->backend.type);
    for (const std::string& dep : m->python_depends) {
      // kernels looks the backend's table up first: without one, even general deps fail (tpu).
      if (backend != tables.end() && (general.count(dep) || backend->second.count(dep))) continue;
      std::string why = backend == tables.end()
                            ? "no dependencies are defined for backend " + m->backend.type
                            : "not allowed for backend " + m->backend.type;
      out.add(k_py_depends, file_path(v, "metadata.json"), dep, "python-depends \"" + dep + "\": " + why,
              "allowed: einops, helion, tvm-ffi; cuda: nvidia-cutlass-dsl; neuron: nki; xpu: onednn");
    }
  }
}

}  // namespace

const Rule k_py_depends{
    "py.depends", Severity::error, "python-depends only lists dependencies allowed for the backend",
    "kernels installs nothing: a kernel may only depend on packages on the Hub's allow-list\n"
    "(kb's copy core/data/python_depends.json): einops, helion, tvm-ffi everywhere,\n"
    "nvidia-cutlass-dsl on cuda, nki on neuron, onednn on xpu; tpu and cann have no list. The\n"
    "loader raises \"uses unsupported kernel dependency\"; kb finds it before upload, per variant.\n"
    "example: error py.depends: python-depends \"nvidia-cutlass-dsl\": not allowed for backend cpu",
    nullptr, &check};

}  // namespace kb::inspect
