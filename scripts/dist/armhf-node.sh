#!/usr/bin/env bash
# Debian 12 armhf `nodejs` (Node 18, the Node of Raspberry Pi OS bookworm) running under qemu-arm-static, for
# proving that the linux-arm-gnueabihf artifact loads. The Python package index has no armv7l Node, and
# musl-node.sh covers only x86_64/aarch64, so this builds a small armhf root file system from Debian .debs.
# Nothing is installed system-wide: a private APT config downloads the .debs, dpkg-deb -x unpacks them.
#
#   armhf-node.sh [setup]        idempotent; prints the path of a `node` wrapper script
#   armhf-node.sh run ARGS...    runs the armhf node with ARGS
#   armhf-node.sh musl-setup     idempotent; fetches what musl-ldd needs
#   armhf-node.sh musl-ldd FILE  musl's own dynamic loader (Debian's musl:armhf) under qemu-arm loads FILE and
#                                its libraries and resolves every symbol, as on armv7 Alpine; prints what it
#                                loaded, fails on a missing library or symbol. No musl armhf Node exists in the
#                                registries reached here, so this is as far as a linux-arm-musleabihf build can
#                                be taken without one.
# Home: $ARMHF_NODE_HOME (default ${TMPDIR:-/tmp}/armhf-node)
set -euo pipefail

HOME_DIR=${ARMHF_NODE_HOME:-${TMPDIR:-/tmp}/armhf-node}
APT_DIR=$HOME_DIR/apt
ROOTFS=$HOME_DIR/rootfs
QEMU=$HOME_DIR/qemu-arm-static
WRAPPER=$HOME_DIR/bin/node

log() { echo "[armhf-node] $*" >&2; }

# shellcheck source=private-apt.sh
. "$(dirname "$0")/private-apt.sh"
apt_setup() {
  private_apt_setup "$APT_DIR" armhf "armhf amd64" bookworm
  mkdir -p "$APT_DIR/debs"
}

setup() {
  if [ -x "$WRAPPER" ] && [ -x "$QEMU" ] && [ -x "$ROOTFS/usr/bin/node" ]; then echo "$WRAPPER"; return 0; fi
  command -v dpkg-deb >/dev/null || { log "dpkg-deb missing"; exit 1; }
  apt_setup
  export APT_CONFIG=$APT_DIR/apt.conf
  get_qemu
  # nodejs and everything it depends on (armhf, from the private index); virtual names start with '<' or ' '.
  local pkgs
  pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
           --no-enhances --no-pre-depends nodejs:armhf | grep -v '^[ <]' | grep -v ':amd64$' | sed 's/:armhf$//' | sort -u)
  log "apt-get download $(wc -w <<<"$pkgs") armhf packages"
  (cd "$APT_DIR/debs" && apt-get -q download $(sed 's/$/:armhf/' <<<"$pkgs") >&2)
  rm -rf "$ROOTFS.tmp"; mkdir -p "$ROOTFS.tmp"
  for d in "$APT_DIR/debs/"*_armhf.deb "$APT_DIR/debs/"*_all.deb; do
    [ -e "$d" ] && dpkg-deb -x "$d" "$ROOTFS.tmp"
  done
  rm -rf "$ROOTFS"; mv "$ROOTFS.tmp" "$ROOTFS"
  mkdir -p "$(dirname "$WRAPPER")"
  # -L makes the guest's absolute paths (the ELF interpreter) resolve in the rootfs. LD_LIBRARY_PATH must be
  # the host's absolute rootfs paths (a guest path there fails).
  cat > "$WRAPPER" <<WRAP
#!/bin/sh
exec "$QEMU" -L "$ROOTFS" -E LD_LIBRARY_PATH="$ROOTFS/lib/arm-linux-gnueabihf:$ROOTFS/usr/lib/arm-linux-gnueabihf" "$ROOTFS/usr/bin/node" "\$@"
WRAP
  chmod +x "$WRAPPER"
  echo "$WRAPPER"
}

get_qemu() {
  [ -x "$QEMU" ] && return 0
  local q
  if command -v qemu-arm-static >/dev/null; then
    cp "$(command -v qemu-arm-static)" "$QEMU"
  else
    apt_setup
    rm -rf "$HOME_DIR/qemu.x"; mkdir -p "$HOME_DIR/qemu.x"
    (cd "$APT_DIR/debs" && APT_CONFIG=$APT_DIR/apt.conf apt-get -q download qemu-user-static:amd64 >&2)
    q=$(ls "$APT_DIR/debs/"qemu-user-static_*_amd64.deb | head -n 1)
    dpkg-deb -x "$q" "$HOME_DIR/qemu.x"
    cp "$HOME_DIR/qemu.x/usr/bin/qemu-arm-static" "$QEMU"
    rm -rf "$HOME_DIR/qemu.x"
  fi
  chmod +x "$QEMU"
}

MUSL=$HOME_DIR/musl

musl_setup() {
  local musl=$MUSL d
  if [ ! -f "$musl/lib/ld-musl-armhf.so.1" ]; then
    apt_setup
    export APT_CONFIG=$APT_DIR/apt.conf
    get_qemu
    mkdir -p "$HOME_DIR/musl-deb"   # apart from debs/, whose .debs all go into the glibc root file system
    (cd "$HOME_DIR/musl-deb" && apt-get -q download musl:armhf >&2)
    d=$(ls "$HOME_DIR/musl-deb/"musl_*_armhf.deb | head -n 1)
    rm -rf "$musl.tmp"; mkdir -p "$musl.tmp"; dpkg-deb -x "$d" "$musl.tmp"
    rm -rf "$musl"; mv "$musl.tmp" "$musl"
  fi
  get_qemu
}

musl_ldd() {
  local file=$1 musl=$MUSL
  [ -f "$file" ] || { log "no such file: $file"; exit 2; }
  musl_setup
  # musl's libc.so is also its dynamic loader (Alpine's /lib/ld-musl-armhf.so.1); run as a program with --list
  # it is ldd: it maps FILE and its NEEDED libraries, relocates them, and reports what cannot be resolved.
  exec "$QEMU" -L "$musl" "$musl/lib/ld-musl-armhf.so.1" --list "$file"
}

case "${1:-setup}" in
  setup) setup ;;
  run) shift; node=$(setup); exec "$node" "$@" ;;
  musl-setup) musl_setup ;;
  musl-ldd) musl_ldd "${2:?musl-ldd needs a file}" ;;
  *) echo "usage: $0 [setup|run ARGS...|musl-setup|musl-ldd FILE]" >&2; exit 2 ;;
esac
