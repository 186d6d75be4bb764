// SPDX-License-Identifier: Apache-2.0
#include "tests/inspect/tree_fixture.hpp"

#include <stdexcept>

#include "core/metadata.hpp"
#include "core/variant_digest.hpp"
#include "inspect/checks.hpp"
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/tree_loader.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace kb::test {

std::string id_of(const VariantSpec& s) {
  return s.id.empty() ? "_" + s.kernel + "_" + s.backend + "_" + s.uid : s.id;
}

void compile_so(const fs::path& out, const std::string& c_source) {
  fs::path src = out.string() + ".c";
  write_text(src, c_source);
  CommandResult r = run({"gcc", "-shared", "-fPIC", "-O0", "-o", out.string(), src.string()});
  fs::remove(src);
  if (r.exit_code != 0) throw std::runtime_error("gcc failed: " + r.output);
}

namespace {

std::string ops_py(const VariantSpec& s, const std::string& id, bool noarch) {
  if (noarch)
    return "import torch\n\ndef _find_ops_name() -> str:\n    kernel_name = \"" + s.kernel +
           "\"\n    unique_id = \"" + s.uid + "\"\n    backend = \"" + s.backend +
           "\"\n    return f\"_{kernel_name}_{backend}_{unique_id}\"\n\n_OPS_NAME = _find_ops_name()\n"
           "ops = getattr(torch.ops, _OPS_NAME)\n\ndef add_op_namespace_prefix(op_name: str) -> str:\n"
           "    return f\"{_OPS_NAME}::{op_name}\"\n";
  return "import torch\nfrom . import " + id + "\nops = torch.ops." + id +
         "\n\ndef add_op_namespace_prefix(op_name: str):\n    return f\"" + id + "::{op_name}\"\n";
}

}  // namespace

fs::path write_variant(const fs::path& dir, const VariantSpec& s) {
  const std::string id = id_of(s);
  const fs::path v = dir / s.name;
  const bool noarch = s.name.rfind("torch-", 0) == 0 && s.name.rfind("torch-stable", 0) != 0;
  write_text(v / "__init__.py", "from ._ops import ops, add_op_namespace_prefix\n\n__all__ = [\"relu\"]\n\n"
                                "def relu(x):\n    return ops.relu(x)\n");
  write_text(v / "_ops.py", ops_py(s, id, noarch));
  if (s.native && !noarch) {
    std::string ns = s.torch_ns.empty() ? id : s.torch_ns;
    std::string pyinit = s.pyinit.empty() ? id : s.pyinit;
    compile_so(v / (id + ".abi3.so"),
               "void* PyInit_" + pyinit + "(void) { return 0; }\n"
               "__attribute__((used)) static void TORCH_LIBRARY_init_" + ns + "(void* lib) { (void)lib; }\n");
  }
  ordered_json m;
  m["name"] = s.kernel;
  m["id"] = id;
  m["version"] = 1;
  m["license"] = "Apache-2.0";
  m["python-depends"] = ordered_json::array();
  m["kernel-depends"] = ordered_json::array();
  m["backend"] = {{"type", s.backend}};
  for (auto it = s.extra.begin(); it != s.extra.end(); ++it) m[it.key()] = it.value();
  write_text(v / "metadata.json", m.dump(2) + "\n");
  if (!s.digest.empty()) {
    ordered_json with = m;
    DigestInfo d = compute_digest(v, parse_hash_algorithm(s.digest));
    with["digest"] = {{"algorithm", d.algorithm}, {"files", d.files}};
    write_text(v / "metadata.json", with.dump(2) + "\n");
  }
  return v;
}

void rehash(const fs::path& v) {
  auto m = nlohmann::ordered_json::parse(read_text(v / "metadata.json"));
  std::string algo = m["digest"]["algorithm"];
  DigestInfo d = compute_digest(v, parse_hash_algorithm(algo));
  m["digest"] = {{"algorithm", d.algorithm}, {"files", d.files}};
  write_text(v / "metadata.json", m.dump(2) + "\n");
}

kb::inspect::TreeFacts load_facts(const fs::path& input) {
  using namespace kb::inspect;
  LoadedTree tree = load_tree(std::make_shared<const kb::tree::KernelTree>(kb::tree::open_kernel_tree(input)));
  Options options;
  PolicyData data;
  for (const TreeTask& task : plan_tree_tasks(tree.facts)) {
    bool bad = false;
    run_tree_task(tree, task, options, data, bad);
  }
  return std::move(tree.facts);
}

std::vector<Finding> run_tree_rule(const std::string& rule_id, const kb::inspect::TreeFacts& facts) {
  using namespace kb::inspect;
  const Rule* rule = find_rule(rule_id);
  if (!rule || !rule->check_tree) throw std::runtime_error("no tree rule " + rule_id);
  Options options;
  PolicyData data;
  Findings out;
  rule->check_tree(facts, RuleContext{options, data, std::nullopt}, out);
  return out.items();
}

bool has_finding(const std::vector<Finding>& found, Severity s, const std::string& needle) {
  for (const Finding& f : found)
    if (f.severity == s && (f.message.find(needle) != std::string::npos || f.subject == needle)) return true;
  return false;
}

}  // namespace kb::test
