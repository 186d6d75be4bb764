// SPDX-License-Identifier: Apache-2.0
// metadata.json writer. Key order is kernels-data's struct order (serde writes fields in
// declaration order), so a file kb writes diffs cleanly against one kernel-builder wrote.
#include <nlohmann/json.hpp>

#include "core/metadata.hpp"

namespace kb {

using ojson = nlohmann::ordered_json;

namespace {

void put_git(ojson& obj, const GitState& g) {
  obj["commit"] = g.commit;
  obj["dirty"] = g.dirty;
}

ojson provenance_json(const Provenance& p) {
  ojson out = ojson::object();
  if (p.kernel_builder) {
    ojson b;
    b["version"] = p.kernel_builder->version;
    if (p.kernel_builder->git) put_git(b, *p.kernel_builder->git);
    out["kernel-builder"] = b;
  }
  if (p.kernel) {
    ojson k;
    put_git(k, *p.kernel);
    out["kernel"] = k;
  }
  return out;
}

ojson kernel_depends_json(const std::vector<KernelDepend>& deps) {
  ojson out = ojson::array();
  for (const KernelDepend& d : deps) {
    ojson e;
    e["repo-id"] = d.repo_id;
    if (d.version) e["version"] = *d.version;
    if (d.revision) e["revision"] = *d.revision;
    out.push_back(e);
  }
  return out;
}

}  // namespace

std::string metadata_to_json(const Metadata& m) {
  ojson j;
  j["name"] = m.name;
  j["id"] = m.id;
  j["version"] = m.version;
  j["license"] = m.license;
  if (m.upstream) j["upstream"] = *m.upstream;
  if (m.source) j["source"] = *m.source;
  j["python-depends"] = m.python_depends;
  j["kernel-depends"] = kernel_depends_json(m.kernel_depends);
  ojson backend;
  backend["type"] = m.backend.type;
  if (m.backend.archs) backend["archs"] = *m.backend.archs;
  j["backend"] = backend;
  if (m.digest) {
    ojson d;
    d["algorithm"] = m.digest->algorithm;
    d["files"] = ojson::object();
    for (const auto& [path, value] : m.digest->files) d["files"][path] = value;  // std::map: sorted
    j["digest"] = d;
  }
  if (m.provenance) j["provenance"] = provenance_json(*m.provenance);
  return j.dump(2) + "\n";
}

}  // namespace kb
