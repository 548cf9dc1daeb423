#!/usr/bin/env bash
# Debian 12 armhf `nodejs` (Node 18, the Node of Raspberry Pi OS bookworm) running under qemu-arm-static, for
# proving that the linux-arm-gnueabihf artifact loads. The Python package index has no armv7l Node, and
# musl-node.sh covers only x86_64/aarch64, so this builds a small armhf root file system from Debian .debs.
# Nothing is installed system-wide: a private APT config downloads the .debs, dpkg-deb -x unpacks them.
#
#   armhf-node.sh [setup]        idempotent; prints the path of a `node` wrapper script
#   armhf-node.sh run ARGS...    runs the armhf node with ARGS
# Home: $ARMHF_NODE_HOME (default ${TMPDIR:-/tmp}/armhf-node)
set -euo pipefail

HOME_DIR=${ARMHF_NODE_HOME:-${TMPDIR:-/tmp}/armhf-node}
APT_DIR=$HOME_DIR/apt
ROOTFS=$HOME_DIR/rootfs
QEMU=$HOME_DIR/qemu-arm-static
WRAPPER=$HOME_DIR/bin/node

log() { echo "[armhf-node] $*" >&2; }

apt_setup() {
  [ -f "$APT_DIR/apt.conf" ] && ls "$APT_DIR/lists/"*_Packages* >/dev/null 2>&1 && return 0
  mkdir -p "$APT_DIR"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,lists/partial,cache/archives/partial,debs}
  local mirror
  mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  echo "deb [arch=armhf,amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main" > "$APT_DIR/etc/sources.list"
  cat > "$APT_DIR/apt.conf" <<CONF
Dir::Etc::SourceList "$APT_DIR/etc/sources.list";
Dir::Etc::SourceParts "$APT_DIR/etc/sources.list.d";
Dir::Etc::Parts "$APT_DIR/etc/apt.conf.d";
Dir::Etc::Preferences "$APT_DIR/etc/preferences";
Dir::Etc::PreferencesParts "$APT_DIR/etc/preferences.d";
Dir::State::Lists "$APT_DIR/lists";
Dir::State::status "/dev/null";
Dir::Cache "$APT_DIR/cache";
APT::Architecture "armhf";
APT::Architectures { "armhf"; "amd64"; };
APT::Sandbox::User "root";
Acquire::Languages "none";
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
CONF
  log "private apt index (bookworm armhf + amd64) in $APT_DIR"
  APT_CONFIG=$APT_DIR/apt.conf apt-get -q update >&2
}

setup() {
  if [ -x "$WRAPPER" ] && [ -x "$QEMU" ] && [ -x "$ROOTFS/usr/bin/node" ]; then echo "$WRAPPER"; return 0; fi
  command -v dpkg-deb >/dev/null || { log "dpkg-deb missing"; exit 1; }
  apt_setup
  export APT_CONFIG=$APT_DIR/apt.conf
  if [ ! -x "$QEMU" ]; then
    local q
    if command -v qemu-arm-static >/dev/null; then
      cp "$(command -v qemu-arm-static)" "$QEMU"
    else
      rm -rf "$HOME_DIR/qemu.x"; mkdir -p "$HOME_DIR/qemu.x"
      (cd "$APT_DIR/debs" && apt-get -q download qemu-user-static:amd64 >&2)
      q=$(ls "$APT_DIR/debs/"qemu-user-static_*_amd64.deb | head -n 1)
      dpkg-deb -x "$q" "$HOME_DIR/qemu.x"
      cp "$HOME_DIR/qemu.x/usr/bin/qemu-arm-static" "$QEMU"
      rm -rf "$HOME_DIR/qemu.x"
    fi
    chmod +x "$QEMU"
  fi
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

case "${1:-setup}" in
  setup) setup ;;
  run) shift; node=$(setup); exec "$node" "$@" ;;
  *) echo "usage: $0 [setup|run ARGS...]" >&2; exit 2 ;;
esac
