'use strict';
// index.d.ts must match what index.js exports: the usage file compiles under --strict, and every runtime export
// (down to the nested objects) has a declaration.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function tsc(moduleArgs, file) {
  const bin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [bin, '--noEmit', '--strict', '--types', 'node', ...moduleArgs, '--target', 'es2022', file];
  try {
    execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc reported:\n${err.stdout}${err.stderr}`);
  }
}

test('a TypeScript user of every export compiles with --strict', () => {
  tsc(['--esModuleInterop', '--module', 'commonjs'], path.join(__dirname, 'types', 'usage.ts'));
});

test('under --module nodenext, both the CommonJS and the ESM (named and default imports) user compile', () => {
  tsc(['--module', 'nodenext', '--moduleResolution', 'nodenext'], path.join(__dirname, 'types', 'usage.ts'));
  tsc(['--module', 'nodenext', '--moduleResolution', 'nodenext'], path.join(__dirname, 'types', 'esm-usage.mts'));
});

test('tsc does catch a named import that index.d.ts does not declare (the check above can fail)', (t) => {
  const bad = path.join(__dirname, 'types', `.bad-import-${process.pid}.mts`);
  fs.writeFileSync(bad, "import { Strategy, NoSuchExport } from '../../index.js';\nconsole.log(Strategy, NoSuchExport);\n");
  t.after(() => fs.rmSync(bad, { force: true }));
  assert.throws(() => tsc(['--module', 'nodenext', '--moduleResolution', 'nodenext'], bad), /NoSuchExport/);
});

test('the values index.d.ts declares are exactly the runtime exports (so ESM named imports tsc accepts exist)', () => {
  const dts = fs.readFileSync(path.join(root, 'index.d.ts'), 'utf8');
  // Top-level members of `declare namespace nodeRedAuthJwt` that are values, not types.
  const declared = new Set([...dts.matchAll(/^ {2}(?:class|function|namespace|const) (\w+)/gm)].map((m) => m[1]));
  assert.deepEqual([...declared].sort(), Object.keys(require('..')).sort());
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

test('the ErrorCode union in index.d.ts is exactly the codes of the exported catalogue', () => {
  const dts = fs.readFileSync(path.join(root, 'index.d.ts'), 'utf8');
  const start = dts.indexOf('type ErrorCode =');
  assert.ok(start >= 0, 'index.d.ts declares ErrorCode');
  const union = [...dts.slice(start, dts.indexOf(';', start)).matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1]);
  assert.deepEqual(union.sort(), Object.keys(require('..').errorCodes).sort());
});
