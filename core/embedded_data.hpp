// SPDX-License-Identifier: Apache-2.0
// Data files of core/data compiled into kb (cmake/embed_files.cmake): the one home of kb's tables.
#pragma once
#include <string_view>

namespace kb {

// The bytes of core/data/<name>. Throws Error(environment) for a name kb was built without.
std::string_view embedded_data(std::string_view name);

}  // namespace kb
