#pragma once

#include <torch/all.h>

void relu(torch::Tensor &out, torch::Tensor const &input);
