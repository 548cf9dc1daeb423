'use strict';
// Release gates on the cross-built artifacts, read with readelf: a musl build must not need glibc, and a gnu
// build must not need a glibc newer than the 2.17 floor. Fails loudly if an artifact is missing.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { TARGETS, GLIBC_FLOOR, artifactName, artifactsDir } = require('../scripts/dist/targets');
const gates = require('../scripts/dist/elf-gates');

const ARTIFACTS = artifactsDir();

function artifact(tag) {
  const file = path.join(ARTIFACTS, artifactName(tag));
  assert.ok(fs.existsSync(file), `${file} is missing: run npm run build:all`);
  return file;
}

for (const target of TARGETS) {
  test(`${target.tag}: release gates (${target.libc}, ${target.machine})`, (t) => {
    const info = gates.inspect(target, artifact(target.tag));
    t.diagnostic(`NEEDED ${info.needed.join(' ')}; max GLIBC_ ${info.maxGlibc || '-'}; ${info.machine}`);
    assert.deepEqual(info.problems, []);
    assert.ok(info.machine.includes(target.machine));
    if (target.libc === 'musl') {
      assert.ok(!info.needed.includes('libc.so.6'), 'musl artifact must not need libc.so.6');
      assert.ok(!info.needed.some((l) => l.startsWith('ld-linux')), 'musl artifact must not need the glibc loader');
      assert.equal(info.maxGlibc, null, 'musl artifact has no GLIBC_ symbol versions');
    } else {
      assert.ok(info.needed.includes('libc.so.6'));
      assert.ok(info.maxGlibc, 'gnu artifact has GLIBC_ versions');
      assert.ok(gates.compareVersions(info.maxGlibc, GLIBC_FLOOR) <= 0, `max GLIBC_${info.maxGlibc} > ${GLIBC_FLOOR}`);
    }
  });
}

test('the gates reject a glibc binary posing as musl and a glibc binary above the floor', () => {
  // This Node is a real glibc build that needs a much newer glibc than 2.17: both gates must trip on it.
  const hostNode = process.execPath;
  const asMusl = gates.inspect({ libc: 'musl', machine: 'X86-64' }, hostNode);
  assert.ok(asMusl.problems.some((p) => p.includes('needs glibc libraries') && p.includes('libc.so.6')), asMusl.problems.join('; '));
  const asGnu = gates.inspect({ libc: 'glibc', machine: 'X86-64' }, hostNode);
  assert.ok(gates.compareVersions(asGnu.maxGlibc, GLIBC_FLOOR) > 0);
  assert.ok(asGnu.problems.some((p) => p.includes(`newer than ${GLIBC_FLOOR}`)), asGnu.problems.join('; '));
  const wrongArch = gates.inspect({ libc: 'glibc', machine: 'AArch64' }, hostNode);
  assert.ok(wrongArch.problems.some((p) => p.includes('expected AArch64')));
});
