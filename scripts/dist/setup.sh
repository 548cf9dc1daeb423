#!/usr/bin/env bash
# Idempotent set-up of the cross-build toolchain for `npm run build:all` / `npm run test:dist`.
#
#   - zig + cargo-zigbuild from PyPI (pinned) in a private venv, so `napi build -x` can link every Linux
#     target from one x86_64 machine without a C cross toolchain (aws-lc-sys builds with zig's cc);
#   - the rustup std libraries of the targets;
#   - the npm cache filled with node-red and its dependencies, so the install test can run `npm install --offline`
#     (tests talk to 127.0.0.1 only);
#   - the foreign Node runtimes of the load tests (musl-node.sh: x86_64 musl, arm64 musl, arm64 glibc;
#     armhf-node.sh: Debian armhf), so the tests themselves need no network; skip with --no-runtimes;
#   - with --apt (root): the Debian packages the dist tests need (readelf, python3-venv). qemu is NOT installed
#     system-wide (that would register binfmt handlers on the host): musl-node.sh and armhf-node.sh unpack
#     their own qemu-*-static from Debian's .deb.
#
# Prints nothing but progress on stderr; the last stdout line is the venv bin dir to put on PATH.
# Re-running it is cheap: every step checks before it acts.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS=${NODE_RED_AUTH_JWT_TOOLS:-${NODE_RED_AUTH_JWT_CROSS_DIR:-$ROOT/target-cross}/tools}
VENV=$TOOLS/venv
ZIG_VERSION=0.17.1
ZIGBUILD_VERSION=0.24.1
TARGETS=(x86_64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-gnu
         aarch64-unknown-linux-musl armv7-unknown-linux-gnueabihf)
APT_PACKAGES=(binutils python3-venv ca-certificates util-linux)

log() { echo "[dist-setup] $*" >&2; }

APT=; RUNTIMES=1
for a in "$@"; do
  case "$a" in
    --apt) APT=1 ;;
    --no-runtimes) RUNTIMES= ;;
    *) echo "usage: $0 [--apt] [--no-runtimes]" >&2; exit 2 ;;
  esac
done

if [ -n "$APT" ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -q >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
fi

command -v readelf >/dev/null || { log "readelf missing: apt-get install binutils (or run with --apt)"; exit 1; }

have_version() { # venv has exactly this package version?
  [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null)" = "$2" ]
}
if ! have_version ziglang "$ZIG_VERSION" || ! have_version cargo-zigbuild "$ZIGBUILD_VERSION"; then
  log "venv $VENV: ziglang==$ZIG_VERSION cargo-zigbuild==$ZIGBUILD_VERSION"
  mkdir -p "$TOOLS"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "ziglang==$ZIG_VERSION" "cargo-zigbuild==$ZIGBUILD_VERSION" >&2
fi
# cargo-zigbuild looks for `python3 -m ziglang` or a `zig` on PATH; the venv's python3 has the module.
[ -x "$VENV/bin/cargo-zigbuild" ] || { log "cargo-zigbuild not in $VENV/bin"; exit 1; }

installed=$(rustup target list --installed)
for t in "${TARGETS[@]}"; do
  grep -qx "$t" <<<"$installed" || { log "rustup target add $t"; rustup target add "$t" >&2; }
done

# The Node-RED version the install test puts next to the package (the project's own devDependency).
NR_VERSION=$(node -p "require('$ROOT/package.json').devDependencies['node-red']")
WARM=$TOOLS/npm-warm
if [ "$(node -p "try { require('$WARM/node_modules/node-red/package.json').version } catch { '' }")" != "$NR_VERSION" ]; then
  log "npm cache: node-red@$NR_VERSION and its dependencies"
  rm -rf "$WARM"; mkdir -p "$WARM"
  printf '{"name":"npm-warm","version":"1.0.0","private":true,"dependencies":{"node-red":"%s"}}\n' "$NR_VERSION" > "$WARM/package.json"
  (cd "$WARM" && npm install --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
fi

if [ -n "$RUNTIMES" ]; then
  MUSL_NODE_SH=${MUSL_NODE_SH:-}
  for c in "$ROOT/scripts/dist/musl-node.sh" "$ROOT/../shared/tools/musl-node.sh"; do
    [ -n "$MUSL_NODE_SH" ] || { [ -x "$c" ] && MUSL_NODE_SH=$c; }
  done
  [ -n "$MUSL_NODE_SH" ] || { log "musl-node.sh not found (set MUSL_NODE_SH)"; exit 1; }
  for variant in "--arch x86_64" "--arch aarch64" "--arch aarch64 --libc glibc"; do
    # shellcheck disable=SC2086
    "$MUSL_NODE_SH" $variant -q setup >/dev/null
  done
  "$ROOT/scripts/dist/armhf-node.sh" setup >/dev/null
fi

echo "$VENV/bin"
