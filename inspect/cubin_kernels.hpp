// SPDX-License-Identifier: Apache-2.0
// Internal: the __global__ functions of a cubin (the ELF image inside a SASS fatbin entry).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::inspect {

// Names of the kernel entry points in `cubin`, sorted and unique: defined STT_FUNC symbols of
// .symtab marked STO_CUDA_ENTRY (st_other 0x10). That mark, not global binding, is what tells a
// kernel from an rdc __device__ function (measured with nvcc 13.0: `__device__` functions in
// -rdc cubins are GLOBAL FUNC too, and static kernels are LOCAL). Returns nullopt and sets
// `why` when the bytes are not a well-formed ELF64 cubin; never reads outside `cubin`.
std::optional<std::vector<std::string>> cubin_kernels(std::string_view cubin, std::string& why);

}  // namespace kb::inspect
