// The exported function is found by name (`__tvm_ffi_relu`) when tvm_ffi.load_module opens the
// library; no Python module init and no Torch registration is involved.
#include <tvm/ffi/function.h>

#include "relu.h"

namespace {

void relu(tvm::ffi::TensorView out, tvm::ffi::TensorView input) {
  relu_check(out, input);
  TVM_FFI_CHECK(input.device().device_type == kDLCPU, ValueError) << "relu: this build takes CPU tensors";
  const float* in = static_cast<const float*>(input.data_ptr());
  float* o = static_cast<float*>(out.data_ptr());
  const int64_t n = input.numel();
  for (int64_t i = 0; i < n; ++i) o[i] = in[i] > 0.0f ? in[i] : 0.0f;
}

}  // namespace

TVM_FFI_DLL_EXPORT_TYPED_FUNC(relu, relu);
