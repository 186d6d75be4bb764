// SPDX-License-Identifier: Apache-2.0
#include "inspect/ops_literals.hpp"

namespace kb::inspect {

std::vector<OpsReference> ops_py_references(const PyScan& scan, bool noarch, const std::string& backend) {
  std::vector<OpsReference> out;
  if (noarch) {
    // templates/torch/noarch/_ops.py builds f"_{kernel_name}_{backend}_{unique_id}" at import time.
    auto kn = scan.str_assignments.find("kernel_name"), uid = scan.str_assignments.find("unique_id");
    if (kn != scan.str_assignments.end() && uid != scan.str_assignments.end())
      out.push_back({"_" + kn->second + "_" + backend + "_" + uid->second, "noarch namespace"});
    return out;
  }
  for (const std::string& x : scan.torch_ops_attrs) out.push_back({x, "torch.ops." + x + ":"});
  for (const PyString& s : scan.strings) {
    size_t sep = s.value.find("::");
    std::string prefix = s.value.substr(0, sep);
    if (sep != std::string::npos && sep > 0 && prefix.find('{') == std::string::npos)
      out.push_back({prefix, "namespace literal"});
  }
  for (const PyImport& imp : scan.imports)
    if (imp.level == 1 && imp.module.empty())
      for (const std::string& n : imp.names)
        if (n.rfind("_", 0) == 0 && n != "_ops") out.push_back({n, "native module import"});
  return out;
}

}  // namespace kb::inspect
