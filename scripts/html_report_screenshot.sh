#!/usr/bin/env bash
# Renders `kb inspect --format html` on the repo's own ELF and fatbin fixtures in headless chromium
# and saves the screenshot kept in docs/ (README "SARIF, JUnit and HTML reports").
#   scripts/html_report_screenshot.sh [OUT.png]   (needs `cmake --build out` with the test fixtures)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kb=${KB:-$here/out/cli/kb}
fx=$here/out/tests/fixtures
out=${1:-$here/docs/html-report.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/wheel/pkg/bin" "$tmp/wheel/pkg/kernels"
cp "$fx/elf/glibc-2.29.so" "$tmp/wheel/pkg/_new_glibc.so"
cp "$fx/elf/needed-libfoo.so" "$tmp/wheel/pkg/_foo.so"
cp "$fx/elf/tool/kb-tool-glibc-2.29" "$tmp/wheel/pkg/bin/tool"
cp "$fx/fatbin/gencode_ptx.so" "$tmp/wheel/pkg/_cuda.so"
cp "$fx/fatbin/partial_kernel.so" "$tmp/wheel/pkg/_partial.so"
cp "$fx/fatbin/arch_a.so" "$tmp/wheel/pkg/_hopper.so"
cp "$fx/fatbin/cubin/k1_sm80.cubin" "$tmp/wheel/pkg/kernels/k1_sm80.cubin"
(cd "$tmp" && "$kb" inspect --format html --output report.html wheel) || true
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
  --window-size=1200,900 --screenshot="$out" "file://$tmp/report.html" 2>/dev/null
echo "wrote $out"
