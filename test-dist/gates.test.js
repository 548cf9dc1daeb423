'use strict';
// Release gates on the cross-built artifacts (scripts/dist/gates.js): a musl build must not need glibc, a gnu build
// no glibc newer than the 2.17 floor; a Windows DLL or a macOS library only what every such machine has. Each
// must be of its CPU and export the Node-API entry point. Fails loudly if an artifact is missing.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { TARGETS, GLIBC_FLOOR, artifactName, artifactsDir, byTag } = require('../scripts/dist/targets');
const gates = require('../scripts/dist/gates');
const elf = require('../scripts/dist/elf-gates');

const ARTIFACTS = artifactsDir();

function artifact(tag) {
  const file = path.join(ARTIFACTS, artifactName(tag));
  assert.ok(fs.existsSync(file), `${file} is missing: run npm run build:all`);
  return file;
}

for (const target of TARGETS) {
  test(`${target.tag}: release gates (${target.format}, ${target.libc || target.os}, ${target.machine})`, (t) => {
    const info = gates.inspect(target, artifact(target.tag));
    t.diagnostic(`needs ${info.needed.join(' ')}; max GLIBC_ ${info.maxGlibc || '-'}; ${info.machine}`);
    assert.deepEqual(info.problems, []);
    if (target.format === 'pe') {
      assert.equal(info.machine, 'pei-x86-64');
      assert.ok(info.needed.length > 0 && info.needed.every((d) => gates.WINDOWS_SYSTEM_DLL.test(d)), info.needed.join(' '));
      assert.ok(!info.needed.some((d) => /libnode|node\.exe|libgcc|libwinpthread|libstdc/i.test(d)));
      assert.ok(info.exports.includes(gates.NAPI_ENTRY));
      return;
    }
    if (target.format === 'macho') {
      assert.equal(info.machine, { x86_64: 'X86_64', arm64: 'ARM64' }[target.machine]);
      assert.ok(info.needed.includes('/usr/lib/libSystem.B.dylib'), info.needed.join(' '));
      assert.ok(info.exports.includes(gates.NAPI_ENTRY));
      assert.ok(elf.compareVersions(info.minOs, target.minOs) <= 0, `minos ${info.minOs}`);
      if (target.machine === 'arm64') assert.equal(info.signed, true, 'arm64 code must carry a signature');
      return;
    }
    assert.ok(info.machine.includes(target.machine));
    assert.ok(elf.exportedFunctions(artifact(target.tag)).includes(gates.NAPI_ENTRY));
    if (target.libc === 'musl') {
      assert.ok(!info.needed.includes('libc.so.6'), 'musl artifact must not need libc.so.6');
      assert.ok(!info.needed.some((l) => l.startsWith('ld-linux')), 'musl artifact must not need the glibc loader');
      assert.equal(info.maxGlibc, null, 'musl artifact has no GLIBC_ symbol versions');
    } else {
      assert.ok(info.needed.includes('libc.so.6'));
      assert.ok(info.maxGlibc, 'gnu artifact has GLIBC_ versions');
      assert.ok(elf.compareVersions(info.maxGlibc, GLIBC_FLOOR) <= 0, `max GLIBC_${info.maxGlibc} > ${GLIBC_FLOOR}`);
    }
  });
}

test('the gates reject a glibc binary posing as musl and a glibc binary above the floor', () => {
  // This Node is a real glibc build that needs a much newer glibc than 2.17: both gates must trip on it.
  const hostNode = process.execPath;
  const asMusl = gates.inspect({ libc: 'musl', machine: 'X86-64' }, hostNode);
  assert.ok(asMusl.problems.some((p) => p.includes('needs glibc libraries') && p.includes('libc.so.6')), asMusl.problems.join('; '));
  const asGnu = gates.inspect({ libc: 'glibc', machine: 'X86-64' }, hostNode);
  assert.ok(elf.compareVersions(asGnu.maxGlibc, GLIBC_FLOOR) > 0);
  assert.ok(asGnu.problems.some((p) => p.includes(`newer than ${GLIBC_FLOOR}`)), asGnu.problems.join('; '));
  const wrongArch = gates.inspect({ libc: 'glibc', machine: 'AArch64' }, hostNode);
  assert.ok(wrongArch.problems.some((p) => p.includes('expected AArch64')));
});

test('the PE and Mach-O gates trip on the wrong file', () => {
  // node.exe (the Windows Node of the load test) is an executable, not an addon: no DLL flag, no napi entry.
  const nodeExe = execFileSync(path.join(__dirname, '..', 'scripts', 'dist', 'wine-node.sh'), ['exe'], { encoding: 'utf8' }).trim();
  const exe = gates.inspect(byTag('win32-x64-gnu'), nodeExe);
  assert.ok(exe.problems.includes('not a DLL'), exe.problems.join('; '));
  assert.ok(exe.problems.some((p) => p.includes(`${gates.NAPI_ENTRY} is not exported`)));
  // A macOS x64 library checked as arm64 fails on the CPU.
  const wrongCpu = gates.inspect(byTag('darwin-arm64'), artifact('darwin-x64'));
  assert.ok(wrongCpu.problems.some((p) => p.includes('expected ARM64')), wrongCpu.problems.join('; '));
});
