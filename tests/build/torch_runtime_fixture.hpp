// SPDX-License-Identifier: Apache-2.0
// A Torch release to run referees in: tests/build/torch_runtime.py installs it (no deps) from
// kb's wheel cache into <cache>/torch-runtime/<version>, and the referee venv's python runs it
// with PYTHONPATH=<that dir> (the venv supplies the nvidia-* libraries CUDA Torch loads).
#pragma once
#include <filesystem>
#include <string>

namespace kb::test {

// The PYTHONPATH dir for Torch `version` ("2.15.0"), made on first use; empty (with the script's
// output in `log`) when it cannot be made.
std::filesystem::path torch_runtime(const std::string& version, std::string* log = nullptr);

// The kb cache dir the tests share ($KB_CACHE, else ~/.cache/kb).
std::filesystem::path kb_cache();

}  // namespace kb::test
