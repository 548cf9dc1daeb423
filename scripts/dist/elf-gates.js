'use strict';
// Release gates read from the ELF headers with binutils' readelf, the tool a reviewer would use by hand.
// A musl artifact that needs glibc, or a gnu artifact that needs a newer glibc than the floor, loads on the
// build machine and fails on the user's: these gates catch that before publishing.

const { execFileSync } = require('child_process');
const { GLIBC_FLOOR } = require('./targets');

function readelf(args, file) {
  return execFileSync('readelf', ['-W', ...args, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function needed(file) {
  return [...readelf(['-d'], file).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

// Every GLIBC_x.y[.z] version the file requires (from .gnu.version_r), sorted ascending.
function glibcVersions(file) {
  const out = readelf(['-V'], file);
  const set = new Set([...out.matchAll(/Name: (GLIBC_[0-9.]+)/g)].map((m) => m[1]));
  return [...set].sort((a, b) => compareVersions(a.slice(6), b.slice(6)));
}

function machine(file) {
  const m = /Machine:\s+(.+)/.exec(readelf(['-h'], file));
  return m ? m[1].trim() : '';
}

// e.g. "0x5000400, Version5 EABI, hard-float ABI" on armhf; "0x0" elsewhere.
function flags(file) {
  const m = /Flags:\s+(.+)/.exec(readelf(['-h'], file));
  return m ? m[1].trim() : '';
}

// Defined global functions in the dynamic symbol table: what dlopen() callers (Node) can find.
function exportedFunctions(file) {
  const names = [];
  for (const line of readelf(['--dyn-syms'], file).split('\n')) {
    const f = line.trim().split(/\s+/);
    // Num: Value Size Type Bind Vis Ndx Name
    if (f.length >= 8 && f[3] === 'FUNC' && f[4] === 'GLOBAL' && f[6] !== 'UND') names.push(f[7].replace(/@.*/, ''));
  }
  return names;
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

const GLIBC_ONLY_LIBS = /^(libc\.so\.6|ld-linux[-\w.]*\.so\.\d+|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libm\.so\.6)$/;

/** Returns { needed, maxGlibc, machine, problems[] } for one artifact of target (from targets.js). */
function inspect(target, file) {
  const libs = needed(file);
  const versions = glibcVersions(file);
  const maxGlibc = versions.length ? versions[versions.length - 1].slice(6) : null;
  const mach = machine(file);
  const problems = [];
  if (!mach.includes(target.machine)) problems.push(`machine is "${mach}", expected ${target.machine}`);
  // Raspberry Pi OS and Alpine armhf are hard-float: a soft-float build would not link against their libc.
  if (target.machine === 'ARM' && !/hard-float ABI/.test(flags(file))) problems.push(`ARM flags "${flags(file)}" lack hard-float ABI`);
  if (target.entry && !exportedFunctions(file).includes(target.entry)) problems.push(`${target.entry} is not exported`);
  if (target.libc === 'musl') {
    const bad = libs.filter((l) => GLIBC_ONLY_LIBS.test(l));
    if (bad.length) problems.push(`musl artifact needs glibc libraries: ${bad.join(', ')}`);
    if (versions.length) problems.push(`musl artifact has glibc symbol versions: ${versions.join(', ')}`);
    if (!libs.includes('libc.so')) problems.push(`musl artifact does not need libc.so (NEEDED: ${libs.join(', ')})`);
  } else {
    if (!libs.includes('libc.so.6')) problems.push(`gnu artifact does not need libc.so.6 (NEEDED: ${libs.join(', ')})`);
    if (maxGlibc && compareVersions(maxGlibc, GLIBC_FLOOR) > 0) {
      const over = versions.filter((v) => compareVersions(v.slice(6), GLIBC_FLOOR) > 0);
      problems.push(`gnu artifact needs glibc newer than ${GLIBC_FLOOR}: ${over.join(', ')}`);
    }
  }
  return { needed: libs, maxGlibc, machine: mach, problems };
}

module.exports = { inspect, needed, glibcVersions, machine, flags, exportedFunctions, compareVersions };
