'use strict';
// The loader's decisions, in a copy of the package laid out as npm installs it: which package it picks, and the
// error on a platform with no prebuilt binary (it must name the platform and say how to build from source).

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { artifactName, byTag, artifactsDir } = require('../scripts/dist/targets');
const { platformManifest, setOptionalDependencies } = require('../scripts/dist/npm-packages');

const ROOT = path.resolve(__dirname, '..');
const ARTIFACTS = artifactsDir();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-loader-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

// node_modules/node-red-auth-jwt (package.json + lib/, no native/) and optionally one platform package.
function layout(name, platformPkg) {
  const nm = path.join(work, name, 'node_modules');
  const pkgDir = path.join(nm, 'node-red-auth-jwt');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'lib'), path.join(pkgDir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkgDir, 'package.json'));
  // As published: the release writes optionalDependencies in, and the loader reads its prebuilt list from them.
  setOptionalDependencies(path.join(pkgDir, 'package.json'));
  if (platformPkg) {
    const dir = path.join(nm, `node-red-auth-jwt-${platformPkg.tag}`);
    fs.mkdirSync(dir, { recursive: true });
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const manifest = platformManifest(root, byTag(platformPkg.tag));
    if (platformPkg.version) manifest.version = platformPkg.version;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    fs.copyFileSync(path.join(ARTIFACTS, artifactName(platformPkg.tag)), path.join(dir, artifactName(platformPkg.tag)));
  }
  return pkgDir;
}

// Runs `require(lib/verification/native)` in a fresh Node; `preload` can pretend to be another CPU or OS.
function load(pkgDir, { arch, platform, env = {} } = {}) {
  const args = [];
  if (arch) args.push('-r', writePreload('arch', arch));
  if (platform) args.push('-r', writePreload('platform', platform));
  args.push('-e', `try { const n = require(${JSON.stringify(path.join(pkgDir, 'lib', 'verification', 'native'))});
    console.log(JSON.stringify({ ok: true, path: n.bindingPath, tag: n.platformTag() }));
  } catch (e) { console.log(JSON.stringify({ ok: false, code: e.code, platform: e.platform, message: e.message })); }`);
  const base = { ...process.env };
  delete base.NODE_RED_AUTH_JWT_NATIVE;
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...base, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim());
}

function writePreload(key, value) {
  const file = path.join(work, `${key}-${value}.js`);
  fs.writeFileSync(file, `Object.defineProperty(process, '${key}', { value: ${JSON.stringify(value)} });\n`);
  return file;
}

test('picks the installed platform package for this machine', () => {
  const pkgDir = layout('ok', { tag: 'linux-x64-gnu' });
  const r = load(pkgDir);
  assert.equal(r.ok, true, r.message);
  assert.equal(r.tag, 'linux-x64-gnu');
  assert.equal(r.path, path.join(work, 'ok', 'node_modules', 'node-red-auth-jwt-linux-x64-gnu', artifactName('linux-x64-gnu')));
});

test('a platform with no prebuilt binary: the error names it and says how to build from source', () => {
  const pkgDir = layout('riscv', null);
  const r = load(pkgDir, { arch: 'riscv64' });
  assert.equal(r.ok, false);
  assert.equal(r.code, 'ERR_NODE_RED_AUTH_JWT_NO_BINARY');
  assert.equal(r.platform, 'linux-riscv64-gnu');
  assert.match(r.message, /platform linux-riscv64-gnu \(Node v\d+[^)]*linux\/riscv64, libc glibc\)/);
  assert.match(r.message, /There is no prebuilt binary for linux-riscv64-gnu \(prebuilt: linux-x64-gnu, linux-x64-musl/);
  assert.match(r.message, /run `npx node-red-auth-jwt build-from-source` where the package is installed/);
  assert.match(r.message, /cargo/);
});

test('on Windows x64 the loader looks for the win32-x64-gnu package, which the release publishes', () => {
  // The file is a Windows DLL, so this Linux Node cannot load it: the error shows which package was tried.
  const win = load(layout('win32', { tag: 'win32-x64-gnu' }), { platform: 'win32' });
  assert.equal(win.ok, false);
  assert.equal(win.platform, 'win32-x64-gnu');
  assert.match(win.message, /platform win32-x64-gnu \(Node v\d+[^)]*win32\/x64\)/);
  assert.match(win.message, /A prebuilt binary exists for it \(package node-red-auth-jwt-win32-x64-gnu\)|node-red-auth-jwt-win32-x64-gnu: /);
  assert.doesNotMatch(win.message, /There is no prebuilt binary/);
});

test('a supported platform whose optional package was omitted says so', () => {
  const pkgDir = layout('omitted', null);
  const r = load(pkgDir);
  assert.equal(r.ok, false);
  assert.equal(r.platform, 'linux-x64-gnu');
  assert.match(r.message, /prebuilt binary exists for it \(package node-red-auth-jwt-linux-x64-gnu\), but it is not installed/);
  assert.match(r.message, /--omit=optional/);
});

test('a platform package of another version is refused, not used', () => {
  const pkgDir = layout('mismatch', { tag: 'linux-x64-gnu', version: '0.0.1' });
  const r = load(pkgDir);
  assert.equal(r.ok, false);
  assert.match(r.message, /node-red-auth-jwt-linux-x64-gnu@0\.0\.1 is installed but node-red-auth-jwt@\d+\.\d+\.\d+ needs/);
});

test('a wrong-libc package (musl on glibc) fails to load and is reported, never silently used', () => {
  const pkgDir = layout('wronglibc', null);
  const r = load(pkgDir, { env: { NODE_RED_AUTH_JWT_NATIVE: path.join(ARTIFACTS, artifactName('linux-x64-musl')) } });
  assert.equal(r.ok, false);
  assert.match(r.message, /NODE_RED_AUTH_JWT_NATIVE=.*could not be loaded/);
});
