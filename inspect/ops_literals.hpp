// SPDX-License-Identifier: Apache-2.0
// The op namespaces an _ops.py refers to, for ops.namespace to compare with
// metadata.id: arch form `from . import <X>`, `torch.ops.<X>`, "<X>::..."; noarch form the
// kernel_name/unique_id literals joined with the variant's backend.
#pragma once
#include <string>
#include <vector>

#include "inspect/python_scan.hpp"

namespace kb::inspect {

struct OpsReference {
  std::string ns;    // the namespace as written or built
  std::string what;  // "torch.ops.X", "namespace literal", "native module import", "noarch namespace"
};

std::vector<OpsReference> ops_py_references(const PyScan& scan, bool noarch, const std::string& backend);

}  // namespace kb::inspect
