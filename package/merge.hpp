// SPDX-License-Identifier: Apache-2.0
// Merging several build trees (shards built on different machines) into one bundle.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "package/source_tree.hpp"

namespace kb::package {

struct Bundle {
  std::vector<SourceVariant> variants;  // sorted by name, one per name
  std::vector<std::string> variant_sources;  // the source each variant was taken from (same order)
  std::vector<SourceFile> benchmarks;   // sorted by path
  std::optional<std::string> card_template;
  std::vector<std::string> excluded;    // bytecode left out, as "<source>: <path>"
  // Agreed by every variant's metadata.json.
  std::string name;
  std::uint64_t version = 0;
  std::string license;
};

// Merges the sources. The same variant offered twice must be byte-identical (it is kept once);
// otherwise Error(bad_input) names both sources and the first differing file. A metadata.json
// without name/version/license is Error(bad_input); variants that disagree on them are
// Error(nonconformant) naming both variants.
Bundle merge_sources(const std::vector<SourceTree>& sources);

}  // namespace kb::package
