# SPDX-License-Identifier: Apache-2.0
"""Referee for kb's tree.metadata and tree.digest: what the `kernels` library itself says.

Usage: kernels_referee.py VARIANT_DIR...; prints one JSON object per line:
{"variant": dir, "metadata_ok": bool, "error": str, "has_digest": bool,
 "violations": [[kind, path], ...]}
It uses the same calls as `kernels verify-signature` after the signature step:
Metadata.from_bytes, Digest.hash_variant, Digest.validate (kernels/verify.py).
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
from kernels._rust import Digest, DigestValidationError, DigestViolation, Metadata  # noqa: E402


def violation(v):
    for kind in ("MissingFile", "UnknownFile", "HashMismatch"):
        if isinstance(v, getattr(DigestViolation, kind)):
            return [kind, v.path]
    return ["AlgorithmMismatch", ""]


def check(variant):
    out = {"variant": variant, "metadata_ok": False, "error": "", "has_digest": False, "violations": []}
    try:
        with open(f"{variant}/metadata.json", "rb") as f:
            metadata = Metadata.from_bytes(f.read())
    except (OSError, ValueError) as e:
        out["error"] = str(e)
        return out
    out["metadata_ok"] = True
    if metadata.digest is None:
        return out
    out["has_digest"] = True
    try:
        metadata.digest.validate(Digest.hash_variant(metadata.digest.algorithm, variant))
    except DigestValidationError as e:
        out["violations"] = sorted(violation(v) for v in e.violations)
    return out


for arg in sys.argv[1:]:
    print(json.dumps(check(arg)))
