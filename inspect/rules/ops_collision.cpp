// SPDX-License-Identifier: Apache-2.0
// ops.collision (docs/conformance.md): ids that two loadable things share where they must
// not. Within a tree, variants of different backends never share an id (the backend is part
// of it). Across trees inspected together, two versions (or two kernels) with one id cannot
// be imported into one process: the second TORCH_LIBRARY registration fails.
#include <map>
#include <set>

#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_ops_collision;

namespace {

void check_backends(const TreeFacts& tree, Findings& out) {
  std::map<std::string, std::map<std::string, std::string>> by_id;  // id -> backend -> a variant
  for (const VariantFacts& v : tree.variants)
    if (const Metadata* m = metadata_of(v); m && !m->id.empty()) by_id[m->id].emplace(m->backend.type, v.name);
  for (const auto& [id, backends] : by_id) {
    if (backends.size() < 2) continue;
    std::string list;
    for (const auto& [backend, variant] : backends) list += (list.empty() ? "" : ", ") + backend + " (" + variant + ")";
    out.add(k_ops_collision, tree.root, id, "id " + id + " is shared by variants of different backends: " + list,
            "each backend's build gets its own id _<name>_<backend>_<unique>");
  }
}

void check_peers(const TreeFacts& tree, Findings& out) {
  std::set<std::string> reported;
  for (const VariantFacts& v : tree.variants) {
    const Metadata* m = metadata_of(v);
    if (!m || m->id.empty() || reported.count(m->id)) continue;
    for (const TreeFacts* peer : tree.peers) {
      if (peer->path == tree.path) continue;
      for (const VariantFacts& pv : peer->variants) {
        const Metadata* pm = metadata_of(pv);
        if (!pm || pm->id != m->id || (pm->version == m->version && pm->name == m->name)) continue;
        out.add(k_ops_collision, v.path, m->id,
                "id " + m->id + " (" + m->name + " v" + std::to_string(m->version) + ") is also used by " + pv.path +
                    " (" + pm->name + " v" + std::to_string(pm->version) + "); both cannot load in one process",
                "rebuild one of them from a different commit so the unique part differs");
        reported.insert(m->id);
        break;
      }
      if (reported.count(m->id)) break;
    }
  }
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  check_backends(tree, out);
  check_peers(tree, out);
}

}  // namespace

const Rule k_ops_collision{
    "ops.collision", Severity::error, "no op namespace shared across backends or across trees",
    "torch allows one TORCH_LIBRARY block per namespace in a process. Variants of different\n"
    "backends in one tree must have different ids, and when several trees are inspected in one\n"
    "run (kb inspect v1/ v2/), two trees with different versions or names must not share an id:\n"
    "forks and _dirty rebuilds of one commit do. Same id with the same name and version is\n"
    "taken as the same build (shards of one release) and passes.\n"
    "example: error ops.collision: id _relu_cuda_abc1234 (relu v2) is also used by v1/build/torch-cuda (relu v1)",
    nullptr, &check};

}  // namespace kb::inspect
