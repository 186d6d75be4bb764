// SPDX-License-Identifier: Apache-2.0
// Internal: a FatbinListing as the "cuda" object of the JSON report (README "JSON report").
#pragma once
#include <nlohmann/json.hpp>

#include "inspect/fatbin_listing.hpp"

namespace kb::inspect {

// {"entries":[{"kind","arch","ptx_version","compression","section","container","size",
//  "uncompressed_size"}],"sass":[...],"ptx":[...],"problems":[...]}. "size" is the bytes the
// payload occupies in the file (compressed stream or padded payload); "ptx_version" is null
// for non-PTX entries.
nlohmann::json fatbin_json(const FatbinListing& listing);

}  // namespace kb::inspect
