// SPDX-License-Identifier: Apache-2.0
// The --profile wheel rules: a Rule (id, severity, --explain text; listed by --list-rules) with a
// check over a whole wheel. Kept beside rule.hpp rather than in it: Hub rules never see a wheel.
#pragma once
#include <vector>

#include "inspect/rules/rule.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

struct WheelRule {
  const Rule* rule;
  void (*check)(const WheelFacts&, const RuleContext&, Findings&);
};

// Every wheel rule, in registry order (wheel_rules.cpp).
const std::vector<WheelRule>& wheel_rules();
bool is_wheel_rule(const Rule& rule);

}  // namespace kb::inspect
