// SPDX-License-Identifier: Apache-2.0
// py.registration (docs/conformance.md): torch.library registrations in Python must name
// ops through add_op_namespace_prefix, so they land in the kernel's unique namespace. The Nix
// hook only checks the first positional argument of module-level decorators; kb also checks
// name= keywords, nested definitions, plain calls and torch.library.define/impl/Library.
#include <set>

#include "inspect/python_scan.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_py_registration;

namespace {

const std::set<std::string> k_registrars = {"custom_op",     "triton_op",     "register_kernel",
                                            "register_fake", "register_vmap", "register_torch_dispatch",
                                            "register_autograd"};
const std::set<std::string> k_prefixers = {"add_op_namespace_prefix", "torch_add_op_namespace_prefix"};

bool is_literal(const PyArg& a) {
  return a.kind == PyArg::Kind::string || (a.kind == PyArg::Kind::fstring && a.text.find('{') == std::string::npos);
}

// The problem with one call, or "" when it is fine or cannot be judged statically.
std::string problem(const PyCall& c, const std::string& id) {
  bool library = c.qualified.find("library.") != std::string::npos;
  if (k_registrars.count(c.callee)) {
    const PyArg& op = c.name_kwarg.kind != PyArg::Kind::missing ? c.name_kwarg : c.first;
    if (is_literal(op)) return "registers \"" + op.text + "\" without add_op_namespace_prefix";
    if (op.kind == PyArg::Kind::call && !k_prefixers.count(op.text))
      return "names its op through " + op.text + "() instead of add_op_namespace_prefix";
    return "";
  }
  if (library && (c.callee == "define" || c.callee == "impl") && is_literal(c.first)) {
    size_t sep = c.first.text.find("::");
    if (sep != std::string::npos && c.first.text.substr(0, sep) != id)
      return "uses the hard-coded namespace in \"" + c.first.text + "\"";
  }
  if (c.callee == "Library" && is_literal(c.first) && c.first.text != id)
    return "opens torch.library.Library(\"" + c.first.text + "\") instead of the kernel's namespace";
  return "";
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    const std::string id = m ? m->id : "";
    for (const PyFile& py : v.python) {
      if (py.rel == "_ops.py") continue;  // generated; ops.namespace checks it
      for (const PyCall& c : scan_python(py.source).calls) {
        std::string why = problem(c, id);
        if (why.empty()) continue;
        std::string where = py.rel + ":" + std::to_string(c.line);
        out.add(k_py_registration, file_path(v, py.rel), where, (c.decorator ? "@" : "") + c.qualified + " at " +
                where + " " + why, "wrap the op name: custom_op(add_op_namespace_prefix(\"silu\"), ...)");
      }
    }
  }
}

}  // namespace

const Rule k_py_registration{
    "py.registration", Severity::error, "torch.library registrations use add_op_namespace_prefix",
    "Ops registered from Python must live in the kernel's namespace: custom_op, triton_op,\n"
    "register_kernel/fake/vmap/torch_dispatch/autograd must get add_op_namespace_prefix(\"op\") from\n"
    "_ops.py, never a literal such as \"myns::silu\", in decorator or call form, positional or\n"
    "name= keyword (the Nix hook misses the keyword form and nested definitions). Literal\n"
    "namespaces in torch.library.define/impl/Library other than metadata.id are errors too.\n"
    "example: error py.registration: @torch.library.custom_op at layers.py:12 registers\n"
    "  \"myns::silu_and_mul\" without add_op_namespace_prefix",
    nullptr, &check};

}  // namespace kb::inspect
