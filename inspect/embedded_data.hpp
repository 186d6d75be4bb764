// SPDX-License-Identifier: Apache-2.0
// Data files of inspect/data compiled into kb (cmake/embed_files.cmake).
#pragma once
#include <string_view>

namespace kb::inspect {

// The bytes of inspect/data/<name>. Throws Error(environment) for a name kb was built without.
std::string_view embedded_data(std::string_view name);

}  // namespace kb::inspect
