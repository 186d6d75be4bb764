// SPDX-License-Identifier: Apache-2.0
// The conformance gate: inspect's full rule set over the merged variants, plus the digest check
// of what actually went into the archive.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "inspect/inspect.hpp"
#include "package/merge.hpp"
#include "package/zip_writer.hpp"

namespace kb::package {

// Runs inspect on the merged variants as one tree whose paths are bundle paths
// ("build/<variant>/..."), so the report is the same on every machine.
Report run_gate(const Bundle& bundle, const inspect::Options& options);

// inspect's CUDA listings (one per .so, on any target of the gate's report), grouped by the
// variant whose directory the file's bundle path names.
std::map<std::string, std::vector<CudaListing>> cuda_listings(const Report& gate,
                                                             const std::vector<std::string>& variants);

// Compares each variant's metadata.json digest (docs/conformance.md) with the hashes taken
// while writing: missing, unknown and mismatching files become "package.digest" errors.
std::vector<Finding> check_digests(const Bundle& bundle, const std::vector<WriteEntry>& entries);

// The same check for a digest object against a map of relative path -> raw hash (sha256 and
// sha512 maps; the digest's algorithm picks one). Used by --verify too.
std::vector<Finding> check_digest(const std::string& variant_dir, const nlohmann::json& metadata,
                                  const std::map<std::string, std::vector<std::uint8_t>>& sha256,
                                  const std::map<std::string, std::vector<std::uint8_t>>& sha512, bool warn_missing = true);

}  // namespace kb::package
