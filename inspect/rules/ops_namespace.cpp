// SPDX-License-Identifier: Apache-2.0
// ops.namespace (docs/conformance.md): one string names the kernel everywhere: the .so
// stem, PyInit_<id>, every TORCH_LIBRARY namespace, the _ops.py literals and metadata.id, and
// it has the shape _<python_name>_<backend>_<unique>. Two kernels (or two versions of one)
// sharing a namespace fail at import with "Only a single TORCH_LIBRARY can be used...".
#include <regex>

#include "inspect/ops_literals.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_ops_namespace;

namespace {

void check_id(const VariantFacts& v, const Metadata& m, Findings& out) {
  static const std::regex k_shape("_[a-z][a-z0-9_]*[a-z0-9]_(cann|cpu|cuda|metal|neuron|rocm|tpu|xpu)_[A-Za-z0-9_]+");
  const std::string meta = file_path(v, "metadata.json");
  const std::string want = "_" + m.python_name() + "_" + m.backend.type + "_";
  if (!std::regex_match(m.id, k_shape))
    out.add(k_ops_namespace, meta, m.id, "id \"" + m.id + "\" is not of the form _<python_name>_<backend>_<unique>",
            "a generic name such as _C collides with every other kernel; kb build generates " + want + "<git hash>");
  else if (m.id.rfind(want, 0) != 0)
    out.add(k_ops_namespace, meta, m.id, "id \"" + m.id + "\" does not start with " + want,
            "the id must carry the kernel name and backend.type");
  if (ends_with(m.id, "_dirty"))
    add_at(out, k_ops_namespace, Severity::warning, meta, m.id,
           "id \"" + m.id + "\" comes from a dirty tree: every dirty build of this commit shares it",
           "commit, then rebuild");
}

void check_natives(const VariantFacts& v, const std::string& id, Findings& out) {
  for (const NativeFile& n : v.natives) {
    if (n.rel.find('/') != std::string::npos) continue;  // only the extension at the root is the module
    const std::string path = file_path(v, n.rel);
    std::string stem = n.rel.substr(0, n.rel.find('.'));
    if (stem != id)
      out.add(k_ops_namespace, path, stem, "extension " + n.rel + " is not named after id " + id,
              "kernels loads <id>.abi3.so; rebuild so the names agree");
    if (!n.facts) continue;
    // PyInit_<stem> itself is elf.pyinit's check; with stem == id that covers PyInit_<id>.
    for (const std::string& ns : n.facts->torch_library_namespaces)
      if (ns != id)
        out.add(k_ops_namespace, path, ns, "TORCH_LIBRARY namespace \"" + ns + "\" is hard-coded (id is " + id + ")",
                "use TORCH_LIBRARY_EXPAND(TORCH_EXTENSION_NAME, ops)");
  }
}

void check_ops_py(const VariantFacts& v, const Metadata& m, Findings& out) {
  const PyFile* ops = v.python_file("_ops.py");
  if (!ops) return;  // tree.layout reports it
  bool noarch = v.variant && v.variant->is_noarch();
  for (const OpsReference& r : ops_py_references(scan_python(ops->source), noarch, m.backend.type))
    if (r.ns != m.id)
      out.add(k_ops_namespace, file_path(v, "_ops.py"), r.ns, r.what + " \"" + r.ns + "\" does not match id " + m.id,
              "regenerate _ops.py (kb build writes it from metadata.id)");
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    if (!m || m->id.empty()) continue;  // tree.metadata reports it
    check_id(v, *m, out);
    check_natives(v, m->id, out);
    check_ops_py(v, *m, out);
  }
}

}  // namespace

const Rule k_ops_namespace{
    "ops.namespace", Severity::error, "one op namespace: .so stem, PyInit, TORCH_LIBRARY, _ops.py and metadata.id",
    "metadata.id is the torch.ops namespace of the kernel and must be unique per build:\n"
    "_<python_name>_<backend>_<unique>, e.g. _relu_cuda_abc1234. The extension must be\n"
    "<id>.abi3.so (elf.pyinit checks it exports PyInit_<id>); every TORCH_LIBRARY_init_<ns> in it must use ns == id\n"
    "(a hard-coded TORCH_LIBRARY(myops, m) collides with any other kernel doing the same);\n"
    "_ops.py must use torch.ops.<id> and \"<id>::\" (noarch: kernel_name/unique_id literals plus the\n"
    "backend). A _dirty id is a warning: every dirty build of one commit shares it.\n"
    "example: error ops.namespace: TORCH_LIBRARY namespace \"myops\" is hard-coded (id is _relu_cuda_abc1234)",
    nullptr, &check};

}  // namespace kb::inspect
