#!/usr/bin/env bash
# An aarch64 Python with aarch64 Torch and `kernels`, run under qemu-user on an x86_64 box
# (docs/cross.md). Everything comes from the two registries this machine reaches:
#   - Debian: the arm64 python3.11 binary (apt-get download python3.11-minimal:arm64, unpacked with
#     dpkg -x); its arm64 stdlib, libc and libstdc++ are the multiarch packages make deps installs
#     (libpython3.11-dev:arm64 pulls them), so qemu runs it with the host's / as the sysroot;
#   - PyPI: torch==$KB_EMU_TORCH (manylinux_2_28_aarch64, a CUDA 13.0 build, with its nvidia-* libraries),
#     kernels and huggingface_hub, installed with `pip install --target --platform` (no code runs).
# Cached under $KB_CACHE/emu-aarch64/<torch version>, prepared once (a stamp file marks it complete).
#
#   scripts/emu_aarch64.sh prepare           # prints the env dir
#   scripts/emu_aarch64.sh python ARGS...    # runs the aarch64 python3.11 under qemu
set -euo pipefail
cache=${KB_CACHE:-$HOME/.cache/kb}
torch=${KB_EMU_TORCH:-2.11.0}
root="$cache/emu-aarch64/$torch"
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
[[ -n $qemu ]] || { echo "emu_aarch64: qemu-aarch64 not found (apt-get install qemu-user-static)" >&2; exit 4; }

prepare() {
  [[ -f $root/.complete ]] && return 0
  mkdir -p "$cache/emu-aarch64"
  exec 8>"$cache/emu-aarch64/.lock"
  flock 8
  [[ -f $root/.complete ]] && return 0
  [[ -e /lib/ld-linux-aarch64.so.1 && -d /usr/lib/python3.11/lib-dynload ]] ||
    { echo "emu_aarch64: the arm64 multiarch libraries are missing (make deps installs libpython3.11-dev:arm64)" >&2; exit 4; }
  local tmp pip=pip3
  [[ -x $cache/venv/bin/pip ]] && pip=$cache/venv/bin/pip
  tmp=$(mktemp -d "$cache/emu-aarch64/.tmp.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -q python3.11-minimal:arm64 >/dev/null 2>&1) ||
    { echo "emu_aarch64: apt-get download python3.11-minimal:arm64 failed (is arm64 a dpkg architecture? make deps adds it)" >&2; exit 4; }
  dpkg -x "$tmp"/python3.11-minimal_*_arm64.deb "$tmp/py"
  rm -f "$tmp"/*.deb
  local plats=()
  for v in $(seq 17 28); do plats+=(--platform "manylinux_2_${v}_aarch64"); done
  echo "emu_aarch64: installing aarch64 wheels (torch==$torch with its CUDA libraries, kernels) into $root" >&2
  PIP_CACHE_DIR="$cache/pip" "$pip" install -q --no-compile --target "$tmp/site" --only-binary=:all: \
    --python-version 3.11 --implementation cp "${plats[@]}" --platform manylinux2014_aarch64 --platform any \
    --find-links "$cache/wheels" "torch==$torch" kernels==0.17.2 huggingface_hub==2.4.0 >&2
  touch "$tmp/.complete"
  rm -rf "$root"
  mv "$tmp" "$root"
  trap - EXIT
}

case ${1:-} in
  prepare) prepare; echo "$root" ;;
  python)
    shift
    prepare
    # PYTHONHOME=/usr: the arm64 stdlib of the multiarch packages; -S keeps the host's x86_64
    # site-packages out; PYTHONPATH is the aarch64 wheels.
    PYTHONHOME=/usr PYTHONPATH="$root/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
      exec "$qemu" "$root/py/usr/bin/python3.11" -S "$@" ;;
  *) echo "usage: $0 prepare | python ARGS..." >&2; exit 2 ;;
esac
