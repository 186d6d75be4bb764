#!/usr/bin/python3
"""Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema (draft-04).

Referee for `kb inspect --format sarif`. Runs under Debian's python3 with python3-jsonschema
(scripts/deps.sh installs it). The schema is tests/fixtures/sarif/sarif-schema-2.1.0.json
(see the README.md beside it for where it comes from).
usage: validate_sarif.py SCHEMA FILE.sarif...   exit 0 when every file is valid, 1 otherwise.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(path, encoding="utf-8"))), key=lambda e: list(e.path))
        for e in errors[:20]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        bad += bool(errors)
        if not errors:
            print(f"{path}: valid SARIF 2.1.0")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
