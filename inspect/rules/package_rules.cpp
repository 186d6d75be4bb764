// SPDX-License-Identifier: Apache-2.0
// The rules kb package checks on the bytes it writes or verifies (package/gate.cpp, verify.cpp).
// They are registered here, without a check function, so --list-rules, --explain and --ignore
// know them like every other rule (docs/conformance.md).
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_package_digest, k_package_structure, k_package_integrity;

const Rule k_package_digest{
    "package.digest", Severity::error, "each variant's metadata.json digest matches the packaged bytes",
    "kb package hashes every file as it streams it into the bundle and compares the hashes with\n"
    "the variant's metadata.json digest (the one `kernels verify-signature` checks): a listed file\n"
    "that is missing or differs, or a packaged file the digest does not list, is an error; no\n"
    "digest at all is a warning. kb package --verify repeats the check on a finished bundle.\n"
    "example: error package.digest: build/torch-cpu/_ops.py: content does not match the metadata.json digest"};

const Rule k_package_structure{
    "package.structure", Severity::error, "a bundle's entries are named, ordered and stamped as kb writes them",
    "kb package --verify: entry names are safe relative paths (no '..', absolute, backslash or\n"
    "control characters), there are no directory or bytecode entries, every entry is a regular\n"
    "file with mode 0644 from a unix host, names are sorted, timestamps equal the manifest's, and\n"
    "kb-manifest.json is the last entry. Any deviation means the bundle was not written by kb or\n"
    "was changed afterwards, so it is not reproducible.\n"
    "example: error package.structure: build/torch-cpu/x.py: entries are not in sorted order"};

const Rule k_package_integrity{
    "package.integrity", Severity::error, "every bundle entry matches kb-manifest.json",
    "kb package --verify streams every entry through sha256 and compares size and hash with\n"
    "kb-manifest.json; an entry that does not inflate (bad CRC), is not listed, or is listed but\n"
    "missing is an error, as is an unreadable manifest or metadata.json.\n"
    "example: error package.integrity: build/torch-cpu/_ops.py: size or sha256 differs from kb-manifest.json"};

}  // namespace kb::inspect
