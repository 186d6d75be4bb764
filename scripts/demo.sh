#!/usr/bin/env bash
# make demo: kb's main job end to end on the two examples. make has already installed the deps
# (scripts/deps.sh) and built kb. To keep the demo short on small machines it builds Torch 2.11
# only and compiles CUDA for the archs in KB_DEMO_CUDA_ARCHS (default 8.0,9.0); a plain
# `kb build examples/relu` builds every variant here (Torch 2.11-2.13) for nvcc's full arch list.
set -euo pipefail
cd "$(dirname "$0")/.."
kb=out/cli/kb
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
archs=${KB_DEMO_CUDA_ARCHS:-8.0,9.0}
step() { printf '\n== %s\n' "$*"; }

step "kb check-config examples/relu (the seed document's legacy build.toml)"
$kb check-config examples/relu
step "kb variants examples/relu-edition5 (instant; --all shows the Hub matrix and what this host can build)"
$kb variants examples/relu-edition5
$kb variants --all examples/relu-edition5 | grep -E 'x86_64-linux' | head -8

step "kb build examples/relu --torch 2.11 --cuda-archs $archs"
time $kb build examples/relu --torch 2.11 --cuda-archs "$archs"
step "kb build examples/relu-edition5 --torch 2.11 --cuda-archs $archs (cuda and cpu variants)"
time $kb build examples/relu-edition5 --torch 2.11 --cuda-archs "$archs"
step "no-op rebuild"
time $kb build examples/relu-edition5 --torch 2.11 --cuda-archs "$archs"

step "kb inspect examples/relu/build examples/relu-edition5/build"
$kb inspect examples/relu/build examples/relu-edition5/build || echo "(exit $?)"

step "load the CPU variant with the real kernels library (get_local_kernel) and compare with torch.relu"
"$py" tests/build/kernels_relu.py examples/relu-edition5
step "import the CUDA variant into CUDA Torch (no GPU needed) and print its op schema"
"$py" tests/build/cuda_schema.py examples/relu/build/torch211-cxx11-cu130-x86_64-linux

step "manylinux_2_28 from Debian 12: the stress-abi kernel (to_chars, filesystem, pthread, dlopen, ...) built with kb's compat layer"
time $kb build examples/stress-abi --torch 2.11 --backend cpu
step "its leak count without the layer (--policy none), by kernel-abi-check"
naive=$(mktemp -d /tmp/kb-demo-naive.XXXXXX)
cp -r examples/stress-abi/. "$naive" && rm -rf "$naive/build" "$naive/.kb-build"
$kb build "$naive" --torch 2.11 --backend cpu --policy none --no-inspect >/dev/null
for so in "$naive"/build/*/*.so examples/stress-abi/build/torch211-cxx11-cpu-x86_64-linux/*.so; do
  "$py" -c 'import sys, kernel_abi_check as k; print(len(k.ObjectFile(sys.argv[1]).check_manylinux("manylinux_2_28")), "symbols beyond manylinux_2_28:", sys.argv[1])' "$so"
done
rm -rf "$naive"
step "load it with kernels into the Torch process: host checks, exceptions, std::regex afterwards"
g++ -O2 -fPIC -shared -std=gnu++17 tests/build/regex_probe.cpp -o out/regex_probe.so
"$py" tests/build/kernels_stress.py examples/stress-abi cpu out/regex_probe.so

# --- kb inspect on a real CUDA library and the ELF rule fixtures; kb publish to the local Hub ---
lib=/usr/local/cuda/lib64/libcudart.so.13
echo "== kb inspect $lib"
$kb inspect "$lib" || echo "(exit $?)"

cmake --build out --target kb_elf_fixtures >/dev/null
fx=out/tests/fixtures/elf
echo "== kb inspect: one conformant fixture, then one lld-linked, one DT_RELR, one gnu-unique and one abi3 violation"
$kb inspect $fx/glibc-2.28.so $fx/glibc-2.29-lld.so $fx/dt-relr.so $fx/gnu-unique.so $fx/_py310.abi3.so || echo "(exit $?)"

# kb publish to the local Hub stand-in (tests/hub/hub_server.py) and back with huggingface_hub.
demo_hub=$(mktemp -d /tmp/kb-demo-hub.XXXXXX)
python3 tests/hub/hub_server.py --root "$demo_hub/storage" --port-file "$demo_hub/port" --token hf_demo:write \
  > "$demo_hub/server.out" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null; rm -rf "$demo_hub"' EXIT
for _ in $(seq 100); do [[ -f $demo_hub/port ]] && break; sleep 0.05; done
export HF_ENDPOINT=http://127.0.0.1:$(cat "$demo_hub/port") HF_TOKEN=hf_demo HF_HUB_DISABLE_XET=1 HF_HOME=$demo_hub/hf
v=$demo_hub/relu/build/torch-cpu
mkdir -p "$v"
echo '{"name": "relu", "id": "_relu_cpu_demo", "version": 1, "license": "apache-2.0", "python-depends": [], "backend": {"type": "cpu"}}' > "$v/metadata.json"
printf 'import torch\n\nfrom ._ops import ops\n\n\ndef relu(x):\n    return torch.relu(x)\n' > "$v/__init__.py"
printf 'import torch\nops = torch.ops._relu_cpu_demo\n' > "$v/_ops.py"
echo "# relu (demo)" > "$demo_hub/relu/build/CARD.md"
echo "== kb publish --dry-run, publish, re-publish (no changes)"
$kb publish "$demo_hub/relu" --repo-id demo/relu --dry-run --allow-nonconformant
$kb publish "$demo_hub/relu" --repo-id demo/relu --allow-nonconformant
$kb publish "$demo_hub/relu" --repo-id demo/relu --allow-nonconformant
py=${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}
echo "== kernels.get_kernel(\"demo/relu\", version=1) from the local Hub"
"$py" tests/hub/kernels_get.py demo/relu 1 2>&1 | tail -1
