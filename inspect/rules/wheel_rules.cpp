// SPDX-License-Identifier: Apache-2.0
#include "inspect/rules/wheel_rule.hpp"

namespace kb::inspect {

extern const Rule k_wheel_deps, k_wheel_manylinux, k_wheel_ops;
void check_wheel_deps(const WheelFacts&, const RuleContext&, Findings&);
void check_wheel_manylinux(const WheelFacts&, const RuleContext&, Findings&);
void check_wheel_ops(const WheelFacts&, const RuleContext&, Findings&);

const std::vector<WheelRule>& wheel_rules() {
  static const std::vector<WheelRule> rules = {
      {&k_wheel_deps, &check_wheel_deps},
      {&k_wheel_manylinux, &check_wheel_manylinux},
      {&k_wheel_ops, &check_wheel_ops},
  };
  return rules;
}

bool is_wheel_rule(const Rule& rule) {
  for (const WheelRule& w : wheel_rules())
    if (w.rule == &rule) return true;
  return false;
}

}  // namespace kb::inspect
