// SPDX-License-Identifier: Apache-2.0
// kb::inspect — the conformance validator. The one public header of inspect/.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/finding.hpp"

namespace kb::inspect {

struct Options {
  std::string policy = "manylinux_2_28";    // manylinux policy name (core/data/manylinux-policy.json)
  std::string python_abi = "3.9";           // abi.python ceiling
  std::string torch_stable_abi;             // empty: abi.torch-stable off
  std::vector<std::string> ignore;          // rule ids to drop
  std::vector<std::filesystem::path> libdirs;  // elf.unresolved search dirs; empty: rule off
  int jobs = 0;                             // 0: hardware concurrency
  bool archs_only = false;                  // kb inspect --archs: read device code, run no rule
};

// Inspects every input (a .so, a directory of them, a variant dir, a build tree or an archive)
// and returns the findings per target. Never throws for a bad artifact: an unreadable file
// becomes an `input.unreadable` finding on its target. Throws Error(usage) for bad options
// (unknown policy, malformed version) and Error(bad_input) for a missing path.
Report inspect(const std::vector<std::filesystem::path>& inputs, const Options& options);

// Report renderers. Text names rule ids and every offending subject; colour only when asked.
std::string render_text(const Report& report, bool color);
// {"schema":1,"targets":[...],"summary":{"errors":N,"warnings":N,"files":N}} (README "JSON report").
std::string render_json(const Report& report);

// `kb inspect --archs`: per .so, one row per (section, kind, arch) with entry count, stored
// and uncompressed bytes and compression, from the targets' CUDA listings.
std::string render_archs(const Report& report);

struct RuleInfo {
  std::string id;
  std::string severity;
  std::string summary;      // one line
  std::string explanation;  // what, why, evidence, an example finding
};
// Every registered rule, sorted by id (for --list-rules / --explain).
std::vector<RuleInfo> list_rules();

}  // namespace kb::inspect
