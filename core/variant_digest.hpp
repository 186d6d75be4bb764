// SPDX-License-Identifier: Apache-2.0
// The `digest` of a variant directory (docs/conformance.md, kernels-data digest.rs):
// which files it covers and how they are hashed. kb build writes it; inspect recomputes it.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/digest.hpp"
#include "core/metadata.hpp"

namespace kb {

// True when the digest leaves this variant-relative path ('/'-separated) out: metadata.json
// and metadata.json.sigstore at depth 1 only (nested copies are hashed), any path with a
// __pycache__ component, any *.pyc file.
bool is_digest_excluded(std::string_view rel);

// The files a digest of `dir` covers, relative and '/'-separated, sorted bytewise. Walks
// without following symlinked directories; a symlink to a file counts as that file.
// Throws Error(bad_input) naming a dangling symlink (kernels-data fails there too).
std::vector<std::string> digest_file_list(const std::filesystem::path& dir);

// Hashes every file of digest_file_list(dir) (standard padded base64 values).
DigestInfo compute_digest(const std::filesystem::path& dir, HashAlgorithm algorithm);

}  // namespace kb
