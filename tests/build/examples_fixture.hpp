// SPDX-License-Identifier: Apache-2.0
// Helpers for tests that run kb build on the example projects and judge what it wrote.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_env.hpp"

namespace kb::test {

// Copies examples/<example> to tmp/<as> without any build output, and returns the copy.
std::filesystem::path copy_example(const TempDir& tmp, const std::string& example, const std::string& as);

// The build/<variant>/ directories of a built project, sorted by name.
std::vector<std::filesystem::path> built_variants(const std::filesystem::path& project);

// The one extension .so of a variant directory (empty for a noarch variant).
std::filesystem::path variant_so(const std::filesystem::path& variant_dir);

// Where the variant's .so finds its NEEDED libraries on this machine: the unpacked Torch that
// kb build compiled it against (<cache>/torch/<x.y.z>/torch/lib) and, for CUDA, CUDA's lib64.
std::vector<std::filesystem::path> variant_libdirs(const std::filesystem::path& variant_dir);

// The referee venv's own torch/lib: the same libraries with the nvidia-* wheels they need beside
// them, so a plain C++ host can load them (LD_LIBRARY_PATH). Empty when the venv has no torch.
std::filesystem::path venv_torch_lib();

}  // namespace kb::test
