#!/usr/bin/env bash
# make bench: every scripts/bench_<area>.sh / .py in turn; each prints its own table.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for b in scripts/bench_*.sh scripts/bench_*.py; do
  [[ -e $b ]] || continue
  echo "== $b"
  case $b in
    *.py) "${KB_PYTHON:-$HOME/.cache/kb/venv/bin/python}" "$b" || status=1 ;;
    *) bash "$b" || status=1 ;;
  esac
done
exit $status
