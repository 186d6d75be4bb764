// SPDX-License-Identifier: Apache-2.0
// The size report: bytes per variant, per .so and, where inspect's fatbin
// listing is available, per CUDA arch; with outliers flagged before anything is pushed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cuda_listing.hpp"

namespace kb::package {

struct SizedFile {
  std::string path;  // relative to the variant
  std::uint64_t size = 0;
  std::string sha256;  // hex
};

struct VariantSizes {
  std::string name;
  std::string backend;
  std::vector<SizedFile> files;
  std::vector<CudaListing> cuda;  // inspect's listing of each of the variant's .so files with device code
};

// {"variants":[{name, backend, files, bytes, so:[{path, bytes, cuda_archs?}]}], "total_bytes",
//  "outliers":[{kind, subject, message}]}. Outliers: a variant over 2x the median of its
// backend's variants (at least 3 of them); a file over 1 GiB; identical .so content (≥ 1 MiB) at
// two paths.
nlohmann::ordered_json size_report(const std::vector<VariantSizes>& variants);

// Bytes per arch name (sm_90a, compute_90, ...) over every entry of the listings: what each
// entry occupies in its file, SASS and PTX alike, both fatbin sections; empty without entries.
nlohmann::ordered_json arch_sizes(const std::vector<CudaListing>& cuda);

// "1.5 MiB" style, deterministic (one decimal).
std::string human_bytes(std::uint64_t n);

}  // namespace kb::package
