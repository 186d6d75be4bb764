// SPDX-License-Identifier: Apache-2.0
// The OpenMP runtime each Torch wheel ships (core/data/torch_openmp.json), for elf.needed.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace kb::inspect {

// "<cpu> <torch major.minor>" -> the runtime's file name ("x86_64 2.11" -> "libgomp.so.1").
using TorchOpenmpTable = std::map<std::string, std::string>;

// Parses the table. Throws Error(bad_input) when malformed.
TorchOpenmpTable parse_torch_openmp(std::string_view json_text);

// The table compiled into kb.
const TorchOpenmpTable& torch_openmp_runtimes();

}  // namespace kb::inspect
