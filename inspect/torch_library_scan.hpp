// SPDX-License-Identifier: Apache-2.0
// Finds TORCH_LIBRARY namespaces in symbol names. TORCH_LIBRARY(ns, m) defines a *static*
// function TORCH_LIBRARY_init_<ns>, so it lives in .symtab (mangled, e.g.
// `_ZL24TORCH_LIBRARY_init_myopsRN5torch7LibraryE`), and TORCH_LIBRARY_FRAGMENT(ns, m) defines
// TORCH_LIBRARY_FRAGMENT_init_<ns>_<uid>. Names are matched by substring; the Itanium length
// prefix in front of the match bounds the identifier. Internal to kb_inspect.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kb::inspect {

// Scans one name or a blob of NUL-separated names (a string table); appends namespaces not yet
// in `out`, in order of first appearance.
void scan_torch_library_names(std::string_view names, std::vector<std::string>& out);

}  // namespace kb::inspect
