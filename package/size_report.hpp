// SPDX-License-Identifier: Apache-2.0
// The size report: bytes per variant, per .so and, where inspect's fatbin
// listing is available, per CUDA arch; with outliers flagged before anything is pushed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  nlohmann::json cuda;  // inspect's per-.so CUDA listing for this variant, or null
};

// {"variants":[{name, backend, files, bytes, so:[{path, bytes, cuda_archs?}]}], "total_bytes",
//  "outliers":[{kind, subject, message}]}. Outliers: a variant over 2x the median of its
// backend's variants (at least 3 of them); a file over 1 GiB; identical .so content (≥ 1 MiB) at
// two paths.
nlohmann::ordered_json size_report(const std::vector<VariantSizes>& variants);

// Per-arch bytes from a CUDA listing of unknown exact shape: objects or arrays carrying an arch
// name ("arch"/"sm"/"name") and a size ("bytes"/"size"/"payload_size", as inspect's fatbin
// entries carry it); empty when nothing matches.
nlohmann::ordered_json arch_sizes(const nlohmann::json& cuda);

// "1.5 MiB" style, deterministic (one decimal).
std::string human_bytes(std::uint64_t n);

}  // namespace kb::package
