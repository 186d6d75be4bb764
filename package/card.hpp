// SPDX-License-Identifier: Apache-2.0
// The Hub repo card (README.md), rendered deterministically from the bundle's metadata and the
// project's CARD.md: the same bundle always gives the same bytes.
#pragma once
#include <string>
#include <vector>

#include "package/merge.hpp"

namespace kb::package {

struct CardOptions {
  std::string repo_id;  // for the usage snippet; empty: "<namespace>/<name>"
};

// The names in `__all__` of an __init__.py, in source order (list or tuple of string literals,
// possibly across lines). Empty when there is no literal `__all__`.
std::vector<std::string> parse_dunder_all(const std::string& init_py);

// README.md text: front matter (CARD.md's own, else library_name/license/tags), a dirty-build
// banner when any variant was built from a dirty tree, CARD.md's body, then generated sections:
// details, variants (backend, Torch, CUDA archs), public API, provenance and how to load it.
std::string render_card(const Bundle& bundle, const CardOptions& options);

}  // namespace kb::package
