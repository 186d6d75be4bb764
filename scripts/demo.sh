#!/usr/bin/env bash
# make demo: the main job end to end. Until kb build lands this inspects a real CUDA library
# and the ELF rule fixtures (tests/fixtures/elf_fixtures.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
kb=out/cli/kb
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
