'use strict';
// The npm side of the prebuilt binaries: generated platform packages, the root's optionalDependencies,
// and the aws-lc-sys feature guard.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { TARGETS, BINARY, artifactName, artifactsDir } = require('../scripts/dist/targets');
const npmPackages = require('../scripts/dist/npm-packages');
const guard = require('../scripts/dist/guard');

const ROOT = path.resolve(__dirname, '..');
const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ARTIFACTS = artifactsDir();

test('every platform package is generated with the os/cpu/libc npm filters on', (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-npm-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const generated = npmPackages.generate({ artifactsDir: ARTIFACTS, outDir: out });
  assert.equal(generated.length, TARGETS.length);
  const expected = {
    'linux-x64-gnu': ['linux', 'x64', 'glibc'],
    'linux-x64-musl': ['linux', 'x64', 'musl'],
    'linux-arm64-gnu': ['linux', 'arm64', 'glibc'],
    'linux-arm64-musl': ['linux', 'arm64', 'musl'],
    'linux-arm-gnueabihf': ['linux', 'arm', 'glibc'],
    'linux-arm-musleabihf': ['linux', 'arm', 'musl'],
    'win32-x64-gnu': ['win32', 'x64', undefined],
    'darwin-x64': ['darwin', 'x64', undefined],
    'darwin-arm64': ['darwin', 'arm64', undefined],
  };
  assert.deepEqual(Object.keys(expected).sort(), TARGETS.map((x) => x.tag).sort());
  for (const [tag, [osName, cpu, libc]] of Object.entries(expected)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(out, tag, 'package.json'), 'utf8'));
    assert.equal(pkg.name, `${BINARY}-${tag}`);
    assert.equal(pkg.version, root.version, `${tag} version follows the root`);
    assert.deepEqual(pkg.os, [osName]);
    assert.deepEqual(pkg.cpu, [cpu]);
    assert.deepEqual(pkg.libc, libc && [libc], `${tag} libc`);
    assert.equal(pkg.main, artifactName(tag));
    assert.deepEqual(pkg.files, [artifactName(tag)]);
    // npm silently skips an optional package whose engines do not match: never narrower than the root's.
    assert.deepEqual(pkg.engines, root.engines);
    assert.equal(pkg.license, root.license);
  }
  // Every package carries its binary (build-all ran before this test).
  for (const t2 of TARGETS) {
    assert.ok(fs.existsSync(path.join(out, t2.tag, artifactName(t2.tag))), `${t2.tag} binary copied in`);
  }
});

test('npm/ (git-ignored, written by build-all) is exactly what the generator makes', () => {
  for (const t of TARGETS) {
    const file = path.join(ROOT, 'npm', t.tag, 'package.json');
    assert.ok(fs.existsSync(file), `${file} missing: run npm run build:all`);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), npmPackages.platformManifest(root, t));
  }
});

test('the published main package names every platform package as an exact-version optional dependency', (t) => {
  // Not in the repository: `npm ci` rejects a lockfile without the (unpublished) packages. The release writes
  // them into the package.json it publishes, and prepublishOnly refuses to publish without them.
  assert.equal(root.optionalDependencies, undefined, 'package.json in git must not list the platform packages');
  assert.equal(root.scripts.prepublishOnly, 'node scripts/dist/npm-packages.js --check-optional-deps');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-pub-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'package.json');
  fs.copyFileSync(path.join(ROOT, 'package.json'), file);
  assert.throws(() => npmPackages.checkOptionalDependencies(file), /optionalDependencies must name node-red-auth-jwt-linux-x64-gnu@/);
  npmPackages.setOptionalDependencies(file);
  const published = JSON.parse(fs.readFileSync(file, 'utf8'));
  const expected = {};
  for (const t2 of TARGETS) expected[`${BINARY}-${t2.tag}`] = root.version;
  assert.deepEqual(published.optionalDependencies, expected);
  assert.doesNotThrow(() => npmPackages.checkOptionalDependencies(file));
  // Nothing else changed.
  delete published.optionalDependencies;
  assert.deepEqual(published, root);
  for (const t2 of TARGETS) assert.ok(root.napi.targets.includes(t2.triple), `napi.targets has ${t2.triple}`);
  // `node-red-auth-jwt build-from-source` needs the Rust sources in the published package, and installing runs
  // no lifecycle script at all (install.test.js shows npm's silence).
  for (const f of ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src/', 'bin/', 'lib/']) assert.ok(root.files.includes(f), f);
  for (const k of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(root.scripts[k], undefined, k);
});

test('aws-lc-sys never gets all-bindings or bindgen (the armv7 cross-build trap)', () => {
  const r = guard.awsLcSysFeatures();
  assert.deepEqual(r.forbidden, []);
  assert.doesNotThrow(() => guard.check());
});

test('the guard does flag the forbidden features when cargo reports them', () => {
  // What cargo tree prints when something enables aws-lc-sys's defaults (hand-written in cargo's format)
  const tree = [
    'aws-lc-sys v0.47.0',
    '├── aws-lc-sys feature "all-bindings"',
    '│   └── aws-lc-sys feature "default"',
    '├── aws-lc-sys feature "bindgen"',
  ].join('\n');
  assert.deepEqual(guard.parseFeatures(tree), ['all-bindings', 'bindgen', 'default']);
  assert.deepEqual(guard.forbiddenOf(guard.parseFeatures(tree)), ['all-bindings', 'bindgen', 'default']);
});
