'use strict';
// Loads the compiled addon that fits this platform: a local build first, then the per-platform package.

const fs = require('fs');
const path = require('path');

const BINARY = 'node-red-auth-jwt';

function isMusl() {
  // The running Node's own report is the truth; a musl Node can sit on a glibc root file system and vice versa.
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  if (report?.header) {
    if (report.header.glibcVersionRuntime) return false;
    const libs = report.sharedObjects || [];
    if (libs.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))) return true;
  }
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    return false;
  }
}

function platformTag() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const musl = isMusl();
    if (arch === 'x64') return musl ? 'linux-x64-musl' : 'linux-x64-gnu';
    if (arch === 'arm64') return musl ? 'linux-arm64-musl' : 'linux-arm64-gnu';
    if (arch === 'arm') return musl ? 'linux-arm-musleabihf' : 'linux-arm-gnueabihf';
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function load() {
  const tag = platformTag();
  const errors = [];
  const candidates = [
    process.env.NODE_RED_AUTH_JWT_NATIVE,
    path.join(__dirname, '..', 'native', `${BINARY}.${tag}.node`),
    `${BINARY}-${tag}`,
  ].filter(Boolean);
  for (const candidate of candidates) {
    if (candidate.endsWith('.node') && !fs.existsSync(candidate)) continue;
    try {
      return require(candidate);
    } catch (err) {
      errors.push(`${candidate}: ${err.message}`);
    }
  }
  const err = new Error(
    `node-red-auth-jwt has no native binary for this platform (${tag}). ` +
      `Install the optional package ${BINARY}-${tag}, or build from source: ` +
      `with Rust (cargo) on PATH, reinstall with NODE_RED_AUTH_JWT_BUILD_FROM_SOURCE=1.` +
      (errors.length ? `\nTried:\n  ${errors.join('\n  ')}` : ''),
  );
  err.code = 'ERR_NODE_RED_AUTH_JWT_NO_BINARY';
  throw err;
}

const binding = load();

module.exports = {
  NativeVerifier: binding.NativeVerifier,
  decodeHeader: binding.decodeHeader,
  panicProbe: binding.panicProbe,
  platformTag,
};
