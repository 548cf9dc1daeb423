'use strict';
// index.d.ts must match what index.js exports: the usage file compiles under --strict, and every runtime export
// (down to the nested objects) has a declaration.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

test('a TypeScript user of every export compiles with --strict', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '--noEmit', '--strict', '--esModuleInterop', '--types', 'node', '--module', 'commonjs',
    '--target', 'es2022', path.join(__dirname, 'types', 'usage.ts')];
  try {
    execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc reported:\n${err.stdout}${err.stderr}`);
  }
});

test('every runtime export is declared in index.d.ts', () => {
  const dts = fs.readFileSync(path.join(root, 'index.d.ts'), 'utf8');
  const mod = require('..');
  const declared = (name) => new RegExp(`(class|function|namespace|const|interface)\\s+${name}\\b`).test(dts);
  const names = [
    ...Object.keys(mod),
    ...Object.keys(mod.ExtractJwt),
    ...Object.keys(mod.jwks),
    ...Object.keys(mod.presets),
  ];
  assert.ok(names.length >= 20, `expected the full API, got ${names.join(', ')}`);
  const missing = names.filter((n) => !declared(n));
  assert.deepEqual(missing, []);
  assert.equal(typeof mod, 'function', 'the module itself is the adminAuth factory');
  assert.equal(typeof mod.Strategy.JwtVerifier, 'function');
});
