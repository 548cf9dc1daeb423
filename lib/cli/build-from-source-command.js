'use strict';
// `node-red-auth-jwt build-from-source`: compiles the addon for this machine with cargo, for a platform that has
// no prebuilt binary. It is a command the user runs on purpose, never an npm install script: installing must not
// compile (a Rust build takes many minutes on a Raspberry Pi) and package managers warn about, or skip, install
// scripts. The addon lands in native/, which the loader (lib/verification/native.js) tries before the optional package.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { libc, platformTag } = require('../verification/platform');

const ROOT = path.resolve(__dirname, '..', '..');
const BINARY = 'node-red-auth-jwt';
const CRATE_LIB = 'node_red_auth_jwt';

const options = {
  help: { type: 'boolean', short: 'h', default: false },
};

function libraryFile(dir) {
  if (process.platform === 'win32') return path.join(dir, `${CRATE_LIB}.dll`);
  if (process.platform === 'darwin') return path.join(dir, `lib${CRATE_LIB}.dylib`);
  return path.join(dir, `lib${CRATE_LIB}.so`);
}

function progress(msg) {
  process.stderr.write(`[${BINARY}] ${msg}\n`);
}

// cargo's own output goes to our stderr, so stdout carries only the result line.
function cargo(bin, args, env) {
  const r = spawnSync(bin, args, { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  if (r.error) throw new Error(`${bin} ${args[0]} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
}

/** @returns {string} what to print on stdout */
function run() {
  if (!fs.existsSync(path.join(ROOT, 'Cargo.toml'))) throw new Error(`the Rust sources are not in ${ROOT}; cannot build`);
  const bin = process.env.CARGO || 'cargo';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`\`${bin}\` is not on PATH. Install Rust (https://rustup.rs) and a C compiler ` +
      '(build-base on Alpine, build-essential on Debian), then run this command again.');
  }
  const tag = platformTag();
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir };
  // A musl cdylib must link libc dynamically (rustup's musl targets default to static, which cannot make a .so).
  if (libc() === 'musl') env.RUSTFLAGS = `${env.RUSTFLAGS || ''} -C target-feature=-crt-static`.trim();
  progress(`building the ${tag} addon from source with ${probe.stdout.trim()} (this takes minutes)`);
  const started = Date.now();
  // npm stamps every unpacked file with the same old mtime, so with a reused CARGO_TARGET_DIR cargo would call
  // a previous version's build fresh. Cleaning only this crate forces a real compile and keeps the cached deps.
  cargo(bin, ['clean', '--release', '-p', BINARY], env);
  cargo(bin, ['build', '--release', '--locked', '--lib'], env);
  const built = libraryFile(path.join(targetDir, 'release'));
  if (!fs.existsSync(built)) throw new Error(`cargo build finished but ${built} is missing`);
  const dest = path.join(ROOT, 'native', `${BINARY}.${tag}.node`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(built, dest);
  // Prove it loads in a fresh process before declaring success.
  const check = spawnSync(process.execPath, ['-e',
    `const b = require(${JSON.stringify(dest)}); if (typeof b.NativeVerifier !== 'function') process.exit(3)`],
  { stdio: ['ignore', 2, 2] });
  if (check.status !== 0) {
    fs.rmSync(dest, { force: true });
    throw new Error(`the built addon ${dest} does not load`);
  }
  return `built ${dest} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
}

module.exports = { name: 'build-from-source', options, run };
