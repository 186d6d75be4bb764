# Manual proof until kb build (issue 8) builds examples/stress-abi: a direct g++ build of its CPU
# variant against the venv Torch with the compat layer flags. usage: build.sh "CXXFLAGS" "LINKFLAGS"
set -e
T=${KB_TORCH:-$HOME/.cache/kb/venv/lib/python3.11/site-packages/torch}
S=$(cd "$(dirname "$0")/../../../examples/stress-abi" && pwd)
CXX="$1"; LNK="$2"  # CompatFlags cxx_flags / link_flags, space-separated
F="-O2 -fPIC -fno-gnu-unique -std=gnu++17 -DTORCH_EXTENSION_NAME=_stress_abi_test -DPy_LIMITED_API=0x03090000 -I$(dirname "$0") -I$S/torch-ext -I$S/stress_common -isystem $T/include -isystem $T/include/torch/csrc/api/include -isystem /usr/include/python3.11"
g++ $F $CXX -c $S/torch-ext/torch_binding.cpp -o b.o &
g++ $F $CXX -c $S/stress_cpu/stress_cpu.cpp -o k.o
wait
g++ -shared -o _stress_abi_test.abi3.so b.o k.o $T/lib/libtorch.so $T/lib/libtorch_cpu.so $T/lib/libc10.so $LNK
echo built
