// SPDX-License-Identifier: Apache-2.0
// Where a wheel's DT_NEEDED library comes from (wheel.deps and the wheel summary).
#pragma once
#include <string>

namespace kb::inspect {

struct PolicyData;
struct WheelFacts;

enum class DependencySource { system, torch, nvidia_wheel, driver, bundled, outside };
const char* to_string(DependencySource s);

DependencySource classify_dependency(const std::string& lib, const WheelFacts& wheel, const PolicyData& data);

// The CUDA major a library's soname names, for the libraries whose soname follows the toolkit
// major (libcudart.so.13, libcublas.so.12, libnvrtc.so.11.2); "" for others.
std::string cuda_major_of(const std::string& lib);

}  // namespace kb::inspect
