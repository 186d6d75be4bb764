// SPDX-License-Identifier: Apache-2.0
// tree.digest (docs/conformance.md): recompute metadata.digest and report, like kernels'
// Digest::validate, missing files, hash mismatches and unknown files; plus what kernels would
// choke on (bad base64, dangling links) and a missing digest (required by the docs).
#include <regex>

#include "core/variant_digest.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_tree_digest;

namespace {

bool is_padded_base64(const std::string& value, const std::string& algorithm) {
  static const std::regex k_sha256("[A-Za-z0-9+/]{43}=");
  static const std::regex k_sha512("[A-Za-z0-9+/]{86}==");
  return std::regex_match(value, algorithm == "sha512" ? k_sha512 : k_sha256);
}

void check_variant(const VariantFacts& v, Findings& out) {
  const Metadata* m = metadata_of(v);
  if (!m) return;  // tree.metadata reports it
  const std::string meta = file_path(v, "metadata.json");
  if (!m->digest)
    return add_at(out, k_tree_digest, Severity::warning, meta, "digest",
                  "metadata.json has no digest; kernels verify-signature cannot check the files",
                  "kb build writes it; or run kernel-builder hash");
  const DigestInfo& d = *m->digest;
  if (d.algorithm != "sha256" && d.algorithm != "sha512") return;  // tree.metadata reports it
  for (const TreeFile& f : v.files)
    if (f.dangling)
      out.add(k_tree_digest, file_path(v, f.rel), f.rel, "dangling symlink: the digest cannot be computed",
              "remove the link or make it point at a file inside the variant");
  for (const auto& [rel, value] : d.files) {
    const TreeFile* f = v.file(rel);
    if (!f || f->dangling || is_digest_excluded(rel)) {
      out.add(k_tree_digest, meta, rel, "missing file: " + rel + " is listed in the digest but not in the variant",
              "rebuild the variant or recompute the digest");
      continue;
    }
    if (!is_padded_base64(value, d.algorithm))
      out.add(k_tree_digest, meta, rel,
              "digest of " + rel + " is not standard padded base64 of a " + d.algorithm + " (\"" + value + "\")",
              "values are base64 (RFC 4648 with '=' padding) of the raw digest, not hex");
    else if (!f->digest.empty() && f->digest != value)
      out.add(k_tree_digest, file_path(v, rel), rel,
              "file hash mismatch for " + rel + ": expected " + value + ", got " + f->digest,
              "the file changed after the digest was written; rebuild or recompute the digest");
  }
  for (const TreeFile& f : v.files)
    if (!f.dangling && !is_digest_excluded(f.rel) && !d.files.count(f.rel))
      out.add(k_tree_digest, file_path(v, f.rel), f.rel, "unknown file: " + f.rel + " is not in the digest",
              "remove the file or recompute the digest");
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) check_variant(v, out);
}

}  // namespace

const Rule k_tree_digest{
    "tree.digest", Severity::error, "metadata.digest matches the files of the variant",
    "kb recomputes metadata.digest as kernels-data does: every file under the variant,\n"
    "not following symlinked directories, except metadata.json and metadata.json.sigstore at\n"
    "the top, any __pycache__ path and any *.pyc; values are standard padded base64 of the raw\n"
    "sha256 or sha512. It reports missing files, mismatched hashes and unknown files, the\n"
    "failures `kernels verify-signature` reports, which no build-time tool checks; values\n"
    "in hex or unpadded base64 and dangling symlinks are errors, a missing digest a warning.\n"
    "example: error tree.digest: file hash mismatch for _relu_cuda_abc1234.abi3.so: expected\n"
    "  uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=, got 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    nullptr, &check};

}  // namespace kb::inspect
