'use strict';
// The one list of prebuilt targets: what to build, how npm filters it, how its binary is checked and which Node
// proves it loads (none for macOS: no macOS can run here). build-all.js, the npm/ package generator, the dist
// tests and the README's platform table (test-dist/readme.test.js) all read it, so they cannot drift apart.
//
// Every target is cross-built on one x86_64 Linux machine with zig. `format` picks the release gates
// (scripts/dist/gates.js); `proof` is what the dist tests show about it: 'loaded' (a real Node of that platform
// loads it and verifies tokens) or 'built' (built and checked structurally only).

const TARGETS = [
  {
    tag: 'linux-x64-gnu',
    triple: 'x86_64-unknown-linux-gnu',
    // `.2.17` makes zig link against glibc 2.17 symbol versions, so old Debian/RHEL images load it.
    buildTriple: 'x86_64-unknown-linux-gnu.2.17',
    os: 'linux',
    cpu: 'x64',
    libc: 'glibc',
    format: 'elf',
    machine: 'X86-64',
    runtime: { kind: 'host' },
    proof: 'loaded',
  },
  {
    tag: 'linux-x64-musl',
    triple: 'x86_64-unknown-linux-musl',
    buildTriple: 'x86_64-unknown-linux-musl',
    os: 'linux',
    cpu: 'x64',
    libc: 'musl',
    format: 'elf',
    machine: 'X86-64',
    runtime: { kind: 'musl-node', arch: 'x86_64', libc: 'musl' },
    proof: 'loaded',
  },
  {
    tag: 'linux-arm64-gnu',
    triple: 'aarch64-unknown-linux-gnu',
    buildTriple: 'aarch64-unknown-linux-gnu.2.17',
    os: 'linux',
    cpu: 'arm64',
    libc: 'glibc',
    format: 'elf',
    machine: 'AArch64',
    runtime: { kind: 'musl-node', arch: 'aarch64', libc: 'glibc' },
    proof: 'loaded',
  },
  {
    tag: 'linux-arm64-musl',
    triple: 'aarch64-unknown-linux-musl',
    buildTriple: 'aarch64-unknown-linux-musl',
    os: 'linux',
    cpu: 'arm64',
    libc: 'musl',
    format: 'elf',
    machine: 'AArch64',
    runtime: { kind: 'musl-node', arch: 'aarch64', libc: 'musl' },
    proof: 'loaded',
  },
  {
    tag: 'linux-arm-gnueabihf',
    triple: 'armv7-unknown-linux-gnueabihf',
    buildTriple: 'armv7-unknown-linux-gnueabihf.2.17',
    os: 'linux',
    cpu: 'arm',
    // napi create-npm-dirs leaves libc out for eabihf; we set it so npm on armv7 Alpine skips this glibc build.
    libc: 'glibc',
    format: 'elf',
    machine: 'ARM',
    runtime: { kind: 'armhf-debian' },
    proof: 'loaded',
  },
  {
    // The official Node-RED image on a 32-bit Raspberry Pi: Alpine on arm/v7.
    tag: 'linux-arm-musleabihf',
    triple: 'armv7-unknown-linux-musleabihf',
    buildTriple: 'armv7-unknown-linux-musleabihf',
    // rustup's prebuilt std for this target cannot be downloaded here, so the std is compiled from rustup's
    // rust-src with the pinned stable compiler (-Zbuild-std, allowed by RUSTC_BOOTSTRAP=1 for this build only).
    buildStd: true,
    os: 'linux',
    cpu: 'arm',
    libc: 'musl',
    format: 'elf',
    machine: 'ARM',
    // No musl armhf Node exists in the registries this project can reach (see test-dist/load.test.js): the proof
    // stops at musl's own dynamic loader (Debian's musl:armhf under qemu-arm) linking the addon.
    runtime: { kind: 'musl-ldso-armhf' },
    proof: 'built',
  },
  {
    tag: 'win32-x64-gnu',
    // zig links MinGW (windows-gnu) targets; MSVC would need Microsoft's SDK, which cannot be fetched here.
    // The DLL imports only Windows system DLLs and finds napi_* in node.exe at run time (napi's dyn-symbols).
    triple: 'x86_64-pc-windows-gnu',
    buildTriple: 'x86_64-pc-windows-gnu',
    // napi's CLI refuses `-x` for windows-gnu, so build-all runs cargo-zigbuild itself.
    direct: true,
    os: 'win32',
    cpu: 'x64',
    format: 'pe',
    machine: 'x86-64',
    runtime: { kind: 'wine' },
    proof: 'loaded',
  },
  {
    tag: 'darwin-x64',
    triple: 'x86_64-apple-darwin',
    buildTriple: 'x86_64-apple-darwin',
    // Without it zig stamps its own SDK's version (15.0) as the minimum, and dyld refuses the addon on any older
    // macOS. 10.15 is the oldest macOS that Node 18 and 20 support; the Mach-O gate checks the stamp.
    env: { MACOSX_DEPLOYMENT_TARGET: '10.15' },
    minOs: '10.15',
    os: 'darwin',
    cpu: 'x64',
    format: 'macho',
    machine: 'x86_64',
    runtime: null,
    proof: 'built',
  },
  {
    tag: 'darwin-arm64',
    triple: 'aarch64-apple-darwin',
    buildTriple: 'aarch64-apple-darwin',
    env: { MACOSX_DEPLOYMENT_TARGET: '11.0' }, // the first macOS on Apple silicon
    minOs: '11.0',
    os: 'darwin',
    cpu: 'arm64',
    format: 'macho',
    machine: 'arm64',
    runtime: null,
    proof: 'built',
  },
];

const BINARY = 'node-red-auth-jwt';
// The oldest glibc the gnu artifacts may need (Raspberry Pi OS bullseye has 2.31, CentOS 7 2.17).
const GLIBC_FLOOR = '2.17';

function byTag(tag) {
  const t = TARGETS.find((x) => x.tag === tag);
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

module.exports = { TARGETS, BINARY, GLIBC_FLOOR, byTag, artifactName, crossDir, artifactsDir };
