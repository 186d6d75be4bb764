// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <torch/torch.h>

#include <string>

std::string failed_checks();
void throw_error(int64_t kind);
bool regex_match(const std::string& pattern, const std::string& text);
void scale(torch::Tensor& out, const torch::Tensor& x, double s);
