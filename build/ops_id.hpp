// SPDX-License-Identifier: Apache-2.0
// The unique op namespace (docs/conformance.md): `_<python_name>_<backend>_<uid>`, which is also
// the .so stem, PyInit_ name, torch.ops namespace and metadata.id.
#pragma once
#include <filesystem>
#include <string>

#include "core/process.hpp"

namespace kb::build {

// Git facts of the kernel project directory.
struct KernelGit {
  bool in_git = false;
  std::string commit;     // HEAD commit, full hex
  std::string tree;       // tree id of the project directory at HEAD, full hex
  bool dirty = false;     // a tracked file under the directory differs from HEAD
};

// Asks git about `dir` (git rev-parse, git status). in_git is false outside a repository.
KernelGit probe_git(const std::filesystem::path& dir, ProcessRunner& runner);

// The uid: `unique_id` verbatim when given; else the first 7 hex digits of the directory's tree id
// (plus "_dirty"), so the id changes exactly when the kernel's files do; else 13 random base32 chars.
std::string choose_uid(const std::string& unique_id, const KernelGit& git);

// "_relu_cuda_a1b2c3d"
std::string ops_id(const std::string& python_name, const std::string& backend, const std::string& uid);

}  // namespace kb::build
