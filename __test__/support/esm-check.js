'use strict';
// Runs support/named-imports.mjs with a given `node` in a throw-away user project whose
// node_modules/node-red-auth-jwt is this checkout, and asserts its report. Shared by __test__/esm.test.js
// (this Node and Node 22) and test-dist/esm-versions.test.js (Node 18, 20, 22 and 24).

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function userProject(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-esm-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'node-red-auth-jwt'), 'dir');
  fs.copyFileSync(path.join(__dirname, 'named-imports.mjs'), path.join(dir, 'named-imports.mjs'));
  return dir;
}

/** Returns the script's JSON report after asserting every field of it. */
function checkNamedImports(t, node, env = {}) {
  const dir = userProject(t);
  const r = spawnSync(node, [path.join(dir, 'named-imports.mjs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${node}: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  const expected = Object.keys(require(root)).sort();
  assert.deepEqual(out.names, expected, 'the ESM named exports are exactly the CommonJS ones');
  assert.deepEqual(out.requireNames, expected);
  assert.equal(out.defaultIsRequire, true, 'the default export is module.exports');
  assert.equal(out.wholeModule, true, "Node 23+'s 'module.exports' export is module.exports");
  assert.deepEqual(out.sameAsRequire, [], 'named exports that are not the require() object');
  assert.equal(out.strategyName, 'jwt');
  assert.equal(out.verifiedSub, 'esm');
  assert.equal(out.tamperedError, 'JsonWebTokenError');
  return out;
}

module.exports = { checkNamedImports };
