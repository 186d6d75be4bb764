// SPDX-License-Identifier: Apache-2.0
// kb::package — the one public header of package/: merge build trees, gate them through
// inspect, render the card and write one reproducible zip; verify such a zip without unpacking.
//
// Bundle layout (the Hub repo layout, so it can be unzipped and uploaded as is):
//   README.md            card rendered from metadata.json (+ CARD.md)
//   benchmarks/...       if a source had them
//   build/<variant>/...  every variant, bytecode left out
//   kb-manifest.json     last entry: sizes, sha256 of every other entry, gate findings
// Compression rule: every entry is deflated (level 6), except `.so` files when `store_so` is set
// (for fatbins nvcc already compressed, where deflate costs time and saves little).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.hpp"
#include "core/process.hpp"
#include "inspect/inspect.hpp"

namespace kb::package {

struct Options {
  std::vector<std::filesystem::path> sources;  // build trees, project dirs holding build/, variant dirs, zips
  std::filesystem::path output;                // NAME.zip
  bool allow_nonconformant = false;            // write even with error findings; they go in the manifest
  bool store_so = false;                       // store .so files instead of deflating them
  std::optional<std::int64_t> source_date_epoch;  // entry timestamps; else the kernel commit's time, else 1980-01-01
  std::optional<std::filesystem::path> card;   // CARD.md overriding the sources' own
  std::string repo_id;                         // for the card's get_kernel snippet
  bool hash_archive = false;                   // fill Result::sha256 (one more read of the whole archive)
  inspect::Options inspect;
  ProcessRunner* runner = nullptr;             // runs git for the commit time; null: no lookup
};

struct Result {
  bool written = false;        // false when the gate refused (exit 1)
  std::string sha256;          // hex sha256 of the archive, when written and hash_archive
  std::int64_t timestamp = 0;  // Unix time every entry carries
  Report gate;                 // findings; file paths relative to the bundle
  nlohmann::ordered_json manifest;
  std::vector<std::string> excluded;  // bytecode left out ("<source>: <path>")
  int exit_code() const;       // 0 written; 1 refused by the gate
};

// Packages the sources into options.output (temp file + rename: a refused or failed run leaves no
// output). Throws Error(bad_input) for unreadable or hostile sources and conflicting variants,
// Error(nonconformant) for variants disagreeing on name/version/license, Error(environment) when
// the archive cannot be written.
Result package(const Options& options);

struct VerifyResult {
  Report report;          // one "archive" target: structure, integrity, digest and rule findings
  bool rules_checked = false;  // inspect could read the archive (else only structure and digests)
  nlohmann::json manifest;
  int exit_code() const { return report.exit_code(); }
};

// Re-checks a bundle without unpacking it: entry names, order, timestamps and modes, every
// entry's size and sha256 against the manifest (streamed; a damaged entry is a finding), each
// variant's metadata.json digest, then the inspect rules on the archive. Throws Error(bad_input)
// when the file is not a readable zip.
VerifyResult verify(const std::filesystem::path& zip, const inspect::Options& options);

// Human summaries for the CLI (stdout).
std::string render_text(const Result& result);
std::string render_size_report(const nlohmann::ordered_json& manifest);

}  // namespace kb::package
