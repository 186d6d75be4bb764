// SPDX-License-Identifier: Apache-2.0
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

void Findings::add(const Rule& rule, std::string file, std::string subject, std::string message,
                   std::string hint) {
  m_items.push_back(Finding{rule.id, rule.severity, std::move(file), std::move(subject),
                            std::move(message), std::move(hint)});
}

}  // namespace kb::inspect
