#pragma once

#include <torch/csrc/stable/tensor.h>

// out = max(input, 0), elementwise; float32, same shape, contiguous.
void relu(torch::stable::Tensor& out, const torch::stable::Tensor& input);
