# SPDX-License-Identifier: Apache-2.0
"""Imports a kb-built CUDA .so into CUDA-enabled Torch (no GPU needed) and prints its op schema.

Usage: cuda_schema.py VARIANT_DIR  -> prints the schema of <id>::relu, exits 1 if missing.
"""
import json
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
import torch  # noqa: E402

variant = Path(sys.argv[1])
ops_id = json.loads((variant / "metadata.json").read_text())["id"]
torch.ops.load_library(str(variant / f"{ops_id}.abi3.so"))
schemas = torch._C._jit_get_schemas_for_operator(f"{ops_id}::relu")
if not schemas:
    sys.exit(f"no schema registered for {ops_id}::relu")
print(torch.version.cuda, schemas[0], "torch", torch.__version__)
