// SPDX-License-Identifier: Apache-2.0
// Internal: the JSON "wheel" object of a --profile wheel target (README "Wheels").
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "core/finding.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

struct PolicyData;

// `findings` are the wheel target's findings (the abi3 verdict counts its abi.python errors).
nlohmann::json wheel_summary(const WheelFacts& wheel, const std::vector<Finding>& findings, const PolicyData& data);

// The summary as indented text lines for the text report (report_wheel_text.cpp).
std::string render_wheel_summary_text(const nlohmann::json& summary);

}  // namespace kb::inspect
