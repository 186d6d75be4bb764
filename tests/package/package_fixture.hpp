// SPDX-License-Identifier: Apache-2.0
// Build trees for the package tests, written at test time (no committed blobs).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kb::pkgtest {

struct VariantSpec {
  std::string name = "torch-cpu";  // noarch variants need no .so, so the gate can pass today
  std::string kernel = "relu";
  std::string backend = "cpu";
  unsigned version = 1;
  std::string license = "Apache-2.0";
  std::string extra;               // appended to _ops.py: lets two copies differ
  bool with_so = false;            // compile a small .so with cc
};

// Writes <dir>/<spec.name>/{__init__.py,_ops.py,metadata.json[, _<k>_<b>_abc1234.abi3.so]}.
void write_variant(const std::filesystem::path& build_dir, const VariantSpec& spec);

// Writes a zip whose entries are exactly `names` (each holding a short text), via Python's
// zipfile, which stores hostile names verbatim. `symlink` marks the last entry as a symlink.
void write_raw_zip(const std::filesystem::path& zip, const std::vector<std::string>& names, bool symlink = false);

std::string sha256_of(const std::filesystem::path& p);

}  // namespace kb::test
