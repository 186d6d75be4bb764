// SPDX-License-Identifier: Apache-2.0
// PLACEHOLDER: replaced by the policy loader (issue 2).
#include "inspect/policy_data.hpp"

namespace kb::inspect {

PolicyData load_policy_data(const Options&) { return {}; }

}  // namespace kb::inspect
