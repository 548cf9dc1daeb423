'use strict';
// The README's platform table claims, per package, what was shown here. It must say exactly what targets.js
// records (and the load tests prove): "loaded and tested" only where a real Node of that platform ran the binary.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { TARGETS, BINARY } = require('../scripts/dist/targets');

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const CLAIM = { loaded: 'loaded and tested', built: 'built and checked' };

test('one platform-table row per package, claiming no more than targets.js proves', () => {
  const rows = README.split('\n').filter((l) => l.startsWith(`| \`${BINARY}-`));
  const byTag = new Map(rows.map((r) => [/^\| `node-red-auth-jwt-([\w-]+)`/.exec(r)[1], r]));
  assert.deepEqual([...byTag.keys()].sort(), TARGETS.map((t) => t.tag).sort());
  for (const t of TARGETS) {
    const proven = byTag.get(t.tag).split('|').map((c) => c.trim()).filter(Boolean).pop();
    assert.ok(proven.startsWith(CLAIM[t.proof]), `${t.tag}: "${proven}" should start with "${CLAIM[t.proof]}"`);
    if (t.proof !== 'loaded') assert.doesNotMatch(proven, /loaded and tested/, t.tag);
  }
});
