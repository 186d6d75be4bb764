// SPDX-License-Identifier: Apache-2.0
// Internal: a FatbinListing as the report carries it (core/cuda_listing.hpp), and that typed
// listing as the "cuda" object of the JSON report (README "JSON report").
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.hpp"
#include "inspect/fatbin_listing.hpp"

namespace kb::inspect {

// "size" is the bytes the payload occupies in the file (compressed stream or padded payload).
CudaListing cuda_listing(const std::string& file, const FatbinListing& listing);

// {"entries":[{"kind","arch","ptx_version","compression","section","container","size",
//  "uncompressed_size"}],"sass":[...],"ptx":[...],"problems":[...]}; "ptx_version" is null
// for non-PTX entries.
nlohmann::json cuda_json(const CudaListing& listing);

// The target's listings by file name, one per file (the last one given wins), as a JSON object
// would order them.
std::vector<const CudaListing*> listings_by_file(const TargetReport& t);

// The target's JSON extra members with its listings rendered in: a "so" target's own listing as
// "cuda", the others as "files": {path: {"cuda": ...}}.
nlohmann::json extra_with_cuda(const TargetReport& t);

}  // namespace kb::inspect
