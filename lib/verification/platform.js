'use strict';
// Which prebuilt binary fits the running Node: the napi-rs platform tag (e.g. linux-arm64-musl).
// Shared by the loader (lib/verification/native.js) and `node-red-auth-jwt build-from-source` (lib/cli).

const fs = require('fs');

// 'musl', 'glibc', or null when nothing conclusive was found.
function detectLibc() {
  // The running Node's own report first: it describes the process, not the root file system (a musl Node can
  // run on a glibc root and vice versa). The network part of the report can do slow reverse DNS; skip it.
  const report = process.report;
  if (report && typeof report.getReport === 'function') {
    const saved = report.excludeNetwork;
    try {
      report.excludeNetwork = true;
      const r = report.getReport();
      if (r && r.header && r.header.glibcVersionRuntime) return 'glibc';
      const libs = (r && r.sharedObjects) || [];
      if (libs.some((f) => /(^|\/)(libc\.musl-|ld-musl-)/.test(f))) return 'musl';
    } catch {
      // fall through to the file system check
    } finally {
      report.excludeNetwork = saved;
    }
  }
  try {
    const ldd = fs.readFileSync('/usr/bin/ldd', 'utf8');
    if (ldd.includes('musl')) return 'musl';
    if (/GNU C Library|glibc|GLIBC/.test(ldd)) return 'glibc';
  } catch {
    // no ldd: inconclusive
  }
  return null;
}

let libcCache;
function libc() {
  if (process.platform !== 'linux') return null;
  if (libcCache === undefined) libcCache = detectLibc();
  return libcCache;
}

function platformTag(libcName = libc()) {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const musl = libcName === 'musl';
    if (arch === 'arm') return musl ? 'linux-arm-musleabihf' : 'linux-arm-gnueabihf';
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  }
  // The Windows binary is a MinGW (windows-gnu) build: it links no node.lib, resolves every napi_* from the
  // running node.exe, and so loads into the official MSVC-built Node like an MSVC build would.
  if (platform === 'win32') return `win32-${arch}-gnu`;
  return `${platform}-${arch}`;
}

module.exports = { libc, platformTag };
