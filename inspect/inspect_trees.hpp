// SPDX-License-Identifier: Apache-2.0
// kb::inspect for callers that already opened kernel trees (kb package's merged bundle, kb
// publish's input). Apart from inspect.hpp so that its many includers need not see core/tree.
#pragma once
#include <memory>
#include <vector>

#include "core/tree/kernel_tree.hpp"
#include "inspect/inspect.hpp"

namespace kb::inspect {

// inspect() for open trees: one target per tree, named by its `input`, with file paths as the
// tree's members name them (no temp dir, no rewriting of finding text).
Report inspect_trees(const std::vector<std::shared_ptr<const tree::KernelTree>>& trees, const Options& options);

}  // namespace kb::inspect
