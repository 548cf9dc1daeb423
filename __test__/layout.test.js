'use strict';
// lib/ is grouped by audience, and each group may lean only on the groups beneath it. This test keeps it that
// way: a new file with another naming style, a new top-level file, or a require that reaches upwards (the
// verification layer importing the Node-RED factory, say) fails here rather than in a reviewer's head.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { libFiles, LIB } = require('./support/lib-files');

const SHARED = new Set(['errors.js', 'error-codes.js']);

// Which groups each group may require, beside itself and the shared files.
const ALLOWED = {
  verification: [],
  passport: ['verification'],
  'remote-keys': ['verification'],
  oidc: ['remote-keys', 'verification'],
  'node-red': ['passport', 'verification', 'remote-keys', 'oidc'],
  'http-node': ['node-red', 'passport', 'verification', 'remote-keys', 'oidc'],
  cli: ['verification'],
};

const files = libFiles().map((f) => path.relative(LIB, f).split(path.sep).join('/'));
const groupOf = (rel) => (rel.includes('/') ? rel.split('/')[0] : null);

test('lib/ holds only the audience folders and the shared error modules', () => {
  const top = fs.readdirSync(LIB).sort();
  assert.deepEqual(top, [...Object.keys(ALLOWED), ...SHARED].sort());
});

test('every file in lib/ is a kebab-case .js file', () => {
  const bad = files.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*\.js$/.test(path.posix.basename(f)));
  assert.deepEqual(bad, []);
  assert.ok(files.length > 40, `found only ${files.length} files`);
});

test('each group requires only itself, the shared modules and the groups beneath it', () => {
  const violations = [];
  let edges = 0;
  for (const rel of files) {
    const from = groupOf(rel);
    const source = fs.readFileSync(path.join(LIB, rel), 'utf8');
    for (const m of source.matchAll(/require\(\s*'(\.{1,2}\/[^']*)'\s*\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]));
      assert.ok(!target.startsWith('..'), `${rel} reaches outside lib/: ${m[1]}`);
      edges += 1;
      const to = groupOf(target.endsWith('.js') ? target : `${target}.js`);
      if (to === null || to === from) continue;
      if (from === null || !ALLOWED[from].includes(to)) violations.push(`${rel} -> ${m[1]}`);
    }
  }
  assert.deepEqual(violations, []);
  assert.ok(edges > 100, `found only ${edges} requires`);
});
