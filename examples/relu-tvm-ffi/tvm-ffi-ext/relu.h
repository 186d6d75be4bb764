#pragma once

#include <dlpack/dlpack.h>
#include <tvm/ffi/container/tensor.h>
#include <tvm/ffi/dtype.h>
#include <tvm/ffi/error.h>

// Shared checks of both backends: float32, contiguous, same element count.
inline void relu_check(const tvm::ffi::TensorView& out, const tvm::ffi::TensorView& input) {
  DLDataType f32{kDLFloat, 32, 1};
  TVM_FFI_CHECK(input.dtype() == f32 && out.dtype() == f32, ValueError) << "relu: tensors must be float32";
  TVM_FFI_CHECK(input.IsContiguous() && out.IsContiguous(), ValueError) << "relu: tensors must be contiguous";
  TVM_FFI_CHECK(input.numel() == out.numel(), ValueError) << "relu: out and input differ in size";
}
