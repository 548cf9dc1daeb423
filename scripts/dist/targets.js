'use strict';
// The one list of prebuilt Linux targets: what to build, how npm filters it, and which Node proves it loads.
// build-all.js, the npm/ package generator and the dist tests all read it, so they cannot drift apart.

const TARGETS = [
  {
    tag: 'linux-x64-gnu',
    triple: 'x86_64-unknown-linux-gnu',
    // `.2.17` makes zig link against glibc 2.17 symbol versions, so old Debian/RHEL images load it.
    buildTriple: 'x86_64-unknown-linux-gnu.2.17',
    cpu: 'x64',
    libc: 'glibc',
    machine: 'X86-64',
    runtime: { kind: 'host' },
  },
  {
    tag: 'linux-x64-musl',
    triple: 'x86_64-unknown-linux-musl',
    buildTriple: 'x86_64-unknown-linux-musl',
    cpu: 'x64',
    libc: 'musl',
    machine: 'X86-64',
    runtime: { kind: 'musl-node', arch: 'x86_64', libc: 'musl' },
  },
  {
    tag: 'linux-arm64-gnu',
    triple: 'aarch64-unknown-linux-gnu',
    buildTriple: 'aarch64-unknown-linux-gnu.2.17',
    cpu: 'arm64',
    libc: 'glibc',
    machine: 'AArch64',
    runtime: { kind: 'musl-node', arch: 'aarch64', libc: 'glibc' },
  },
  {
    tag: 'linux-arm64-musl',
    triple: 'aarch64-unknown-linux-musl',
    buildTriple: 'aarch64-unknown-linux-musl',
    cpu: 'arm64',
    libc: 'musl',
    machine: 'AArch64',
    runtime: { kind: 'musl-node', arch: 'aarch64', libc: 'musl' },
  },
  {
    tag: 'linux-arm-gnueabihf',
    triple: 'armv7-unknown-linux-gnueabihf',
    buildTriple: 'armv7-unknown-linux-gnueabihf.2.17',
    cpu: 'arm',
    // napi create-npm-dirs leaves libc out for eabihf; we set it so npm on armv7 Alpine skips this glibc build.
    libc: 'glibc',
    machine: 'ARM',
    runtime: { kind: 'armhf-debian' },
  },
];

// Built by .github/workflows/release.yml on their own runners; listed so the main package names them.
const OTHER_TARGETS = [
  { tag: 'darwin-x64', triple: 'x86_64-apple-darwin', os: 'darwin', cpu: 'x64' },
  { tag: 'darwin-arm64', triple: 'aarch64-apple-darwin', os: 'darwin', cpu: 'arm64' },
  { tag: 'win32-x64-msvc', triple: 'x86_64-pc-windows-msvc', os: 'win32', cpu: 'x64' },
];

const BINARY = 'node-red-auth-jwt';
// The oldest glibc the gnu artifacts may need (Raspberry Pi OS bullseye has 2.31, CentOS 7 2.17).
const GLIBC_FLOOR = '2.17';

function byTag(tag) {
  const t = TARGETS.find((x) => x.tag === tag) || OTHER_TARGETS.find((x) => x.tag === tag);
  if (!t) throw new Error(`unknown target tag ${tag}`);
  return t;
}

function artifactName(tag) {
  return `${BINARY}.${tag}.node`;
}

// Cargo target dir of the cross builds (and the zig venv): away from target/, cacheable by CI as one folder.
function crossDir() {
  return process.env.NODE_RED_AUTH_JWT_CROSS_DIR || require('path').resolve(__dirname, '..', '..', 'target-cross');
}

function artifactsDir() {
  return require('path').join(crossDir(), 'artifacts');
}

module.exports = { TARGETS, OTHER_TARGETS, BINARY, GLIBC_FLOOR, byTag, artifactName, crossDir, artifactsDir };
