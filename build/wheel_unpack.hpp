// SPDX-License-Identifier: Apache-2.0
// Unpacking the parts of a wheel a toolchain needs (Torch, CUDA toolkit, apache-tvm-ffi).
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace kb::build {

// Where a wheel member goes, relative to the destination; "" leaves it out. Only safe names
// reach it: no absolute path, no "..", no directory entry.
using WheelMemberMap = std::function<std::string(const std::string& member)>;

// Extracts the members `map` keeps into `dest`, keeping the executable bit of members that have
// it (nvcc, ptxas, cicc). Throws kb::Error naming the wheel when it is not a readable zip.
void unpack_wheel(const std::filesystem::path& wheel, const std::filesystem::path& dest, const WheelMemberMap& map);

}  // namespace kb::build
