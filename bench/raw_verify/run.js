'use strict';
// `node bench/raw_verify/run.js [--quick]`: builds and runs the raw aws-lc measurement (needs cargo) on the same
// kinds of keys and tokens as the JS benchmark. Prints a table; with --json, one JSON array.
// Cargo builds into target-bench/ next to this file (git-ignored by the top-level target rules? see README).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { ALGS, makeFixture } = require('../fixtures');

const json = process.argv.includes('--json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-verify-'));
try {
  for (const alg of ALGS) {
    const f = makeFixture(alg);
    fs.writeFileSync(path.join(dir, `${alg}.key`), f.keys.verifyString);
    fs.writeFileSync(path.join(dir, `${alg}.jwt`), f.valid);
  }
  const manifest = path.join(__dirname, 'Cargo.toml');
  const env = { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target', 'raw-verify') };
  execFileSync('cargo', ['build', '--release', '--quiet', '--manifest-path', manifest], { stdio: 'inherit', env });
  const bin = path.join(env.CARGO_TARGET_DIR, 'release', 'raw-verify');
  const out = execFileSync(bin, [dir, ...ALGS], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => JSON.parse(l));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    console.log('| alg | raw aws-lc signature check | whole Rust core (parse, check, claims) |');
    console.log('|---|--:|--:|');
    for (const r of rows) console.log(`| ${r.alg} | ${r.rawUs.toFixed(2)} µs | ${r.coreUs.toFixed(2)} µs |`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
