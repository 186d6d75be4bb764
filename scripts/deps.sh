#!/usr/bin/env bash
# Installs what kb and its test suites need, only what is missing. Idempotent and cached:
# Debian packages via apt; Python referees into a venv under ~/.cache/kb keyed by the
# requirements file's hash, so a warm CI cache makes this a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${KB_CACHE:-$HOME/.cache/kb}
mkdir -p "$cache"
# Several builds (CI shards, parallel make) may run this at once: one at a time.
exec 9>"$cache/.deps.lock"
flock 9

apt_pkgs=(cmake ninja-build g++ pkg-config clang lld liblief-dev libtomlplusplus-dev libzip-dev
  libcurl4-openssl-dev libcli11-dev catch2 nlohmann-json3-dev libssl-dev libzstd-dev liblz4-dev
  zip unzip valgrind ccache redis-server dpkg-dev fakeroot
  python3-jsonschema chromium  # SARIF schema validation and the HTML report test (headless)
  # aarch64 variants (docs/cross.md): the cross g++ and its sysroot, qemu-user for the compat self-test.
  g++-aarch64-linux-gnu libstdc++-12-dev-arm64-cross qemu-user-static
  # ... and, from the arm64 multiarch archive, the Python headers (pyconfig.h) the cross build includes
  # plus the arm64 libc/libstdc++/stdlib the emulated aarch64 Python runs on.
  libpython3.11-dev:arm64 libstdc++6:arm64)
[[ " $(dpkg --print-foreign-architectures | tr '\n' ' ') " == *" arm64 "* ]] || {
  echo "deps: adding the arm64 dpkg architecture (multiarch)" >&2
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" dpkg --add-architecture arm64
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
}
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { "${sudo_cmd[@]}" apt-get update -q >/dev/null && "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" >/dev/null; }
fi

req="$here/tests/requirements.txt"
venv="$cache/venv"
stamp="$venv/.kb-req-$(sha256sum "$req" | cut -c1-16)"
if [[ ! -f $stamp ]]; then
  echo "deps: preparing $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >/dev/null
  PIP_CACHE_DIR="$cache/pip" "$venv/bin/pip" install -q -r "$req"
  rm -f "$venv"/.kb-req-*
  touch "$stamp"
fi
