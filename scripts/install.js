#!/usr/bin/env node
'use strict';
// npm `install` hook. By default it does nothing at all: the addon comes prebuilt in an optional per-platform
// package, and compiling Rust on a Raspberry Pi would take long enough to look like a hang.
// Opt in with NODE_RED_AUTH_JWT_BUILD_FROM_SOURCE=1 (cargo and a C compiler on PATH) to compile the addon
// here; it lands in native/, which the loader tries before the optional package.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { libc, platformTag } = require('../lib/platform');

const ROOT = path.resolve(__dirname, '..');
const BINARY = 'node-red-auth-jwt';
const ENV_BUILD = 'NODE_RED_AUTH_JWT_BUILD_FROM_SOURCE';
const CRATE_LIB = 'node_red_auth_jwt';

function log(msg) {
  console.error(`[${BINARY}] ${msg}`);
}

function optedIn() {
  return ['1', 'true', 'yes'].includes(String(process.env[ENV_BUILD] || '').toLowerCase());
}

function fail(msg) {
  log(msg);
  process.exit(1);
}

function libraryFile(dir) {
  if (process.platform === 'win32') return path.join(dir, `${CRATE_LIB}.dll`);
  if (process.platform === 'darwin') return path.join(dir, `lib${CRATE_LIB}.dylib`);
  return path.join(dir, `lib${CRATE_LIB}.so`);
}

function buildFromSource() {
  if (!fs.existsSync(path.join(ROOT, 'Cargo.toml'))) fail('the Rust sources are not in this package; cannot build');
  const cargo = process.env.CARGO || 'cargo';
  const probe = spawnSync(cargo, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    fail(`${ENV_BUILD} is set but \`${cargo}\` is not on PATH. Install Rust (https://rustup.rs) and a C compiler ` +
      '(build-base on Alpine, build-essential on Debian), or unset the variable to use the prebuilt binary.');
  }
  const tag = platformTag();
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir };
  // A musl cdylib must link libc dynamically (rustup's musl targets default to static, which cannot make a .so).
  if (libc() === 'musl') env.RUSTFLAGS = `${env.RUSTFLAGS || ''} -C target-feature=-crt-static`.trim();
  log(`building the ${tag} addon from source with ${probe.stdout.trim()} (this takes minutes)`);
  const started = Date.now();
  // npm stamps every unpacked file with the same old mtime, so with a reused CARGO_TARGET_DIR cargo would call
  // a previous version's build fresh. Cleaning only this crate forces a real compile and keeps the cached deps.
  const clean = spawnSync(cargo, ['clean', '--release', '-p', 'node-red-auth-jwt'], { cwd: ROOT, env, stdio: 'inherit' });
  if (clean.status !== 0) fail(`cargo clean failed (exit ${clean.status})`);
  const r = spawnSync(cargo, ['build', '--release', '--locked', '--lib'], { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) fail(`cargo build failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
  const built = libraryFile(path.join(targetDir, 'release'));
  if (!fs.existsSync(built)) fail(`cargo build finished but ${built} is missing`);
  const dest = path.join(ROOT, 'native', `${BINARY}.${tag}.node`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(built, dest);
  // Prove it loads in a fresh process before declaring success.
  const check = spawnSync(process.execPath, ['-e',
    `const b = require(${JSON.stringify(dest)}); if (typeof b.NativeVerifier !== 'function') process.exit(3)`],
  { stdio: 'inherit' });
  if (check.status !== 0) {
    fs.rmSync(dest, { force: true });
    fail(`the built addon ${dest} does not load`);
  }
  log(`built ${dest} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function hintIfMissing() {
  // Only when installed as a dependency; in a fresh clone the developer runs `npm run build` anyway.
  if (!ROOT.split(path.sep).includes('node_modules')) return;
  try {
    require('../lib/native');
  } catch (err) {
    log(`warning: ${err.message.split('\n').slice(0, 3).join(' ')}`);
  }
}

if (optedIn()) buildFromSource();
else hintIfMissing();
