#!/usr/bin/env node
'use strict';
// Cross-builds every prebuilt binary (Linux, Windows, macOS) from this one x86_64 machine with zig, checks the
// release gates on each artifact and regenerates the npm/<tag>/ platform packages.
//
//   node scripts/build-all.js [--targets linux-x64-gnu,win32-x64-gnu] [--no-setup]
//
// Uses CARGO_TARGET_DIR=target-cross (not target/) so it never holds the main build's lock; the host-side
// build scripts and proc-macros compiled there are shared by all targets. A second run reuses every compiled
// dependency; only this crate is compiled and linked again (napi's CLI forces that for its type definitions).

const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { TARGETS, artifactName, crossDir } = require('./dist/targets');
const guard = require('./dist/guard');
const gates = require('./dist/gates');
const npmPackages = require('./dist/npm-packages');

const ROOT = path.resolve(__dirname, '..');
const CROSS_DIR = crossDir();
const ARTIFACTS = path.join(CROSS_DIR, 'artifacts');

function parseArgs(argv) {
  const args = { setup: true, tags: TARGETS.map((t) => t.tag) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-setup') args.setup = false;
    else if (argv[i] === '--targets') args.tags = argv[++i].split(',').filter(Boolean);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const tag of args.tags) {
    if (!TARGETS.some((t) => t.tag === tag)) throw new Error(`unknown target ${tag}; known: ${TARGETS.map((t) => t.tag)}`);
  }
  return args;
}

// Runs setup.sh (idempotent) and returns an env with zig + cargo-zigbuild on PATH.
function toolEnv(runSetup) {
  let bin = path.join(CROSS_DIR, 'tools', 'venv', 'bin');
  if (runSetup) {
    const out = execFileSync(path.join(__dirname, 'dist', 'setup.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    bin = out.trim().split('\n').pop();
  }
  if (!fs.existsSync(path.join(bin, 'cargo-zigbuild'))) throw new Error(`cargo-zigbuild not found in ${bin}: run scripts/dist/setup.sh`);
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, CARGO_TARGET_DIR: CROSS_DIR };
}

// napi's build script insists on linking a libnode.dll for windows-gnu. With napi's dyn-symbols feature nothing
// is imported from it (every napi_* is looked up in node.exe at load time), so an empty archive satisfies the
// link; the PE release gate proves the DLL imports no libnode.dll.
function libnodeStub() {
  const dir = path.join(CROSS_DIR, 'libnode-stub');
  fs.mkdirSync(dir, { recursive: true });
  const files = { 'libnode.dll': '', 'libnode.a': '!<arch>\n', 'libnode.dll.a': '!<arch>\n' };
  for (const [name, content] of Object.entries(files)) {
    if (!fs.existsSync(path.join(dir, name))) fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function cargoLibraryFile(target) {
  const dir = path.join(CROSS_DIR, target.triple, 'release');
  if (target.os === 'win32') return path.join(dir, 'node_red_auth_jwt.dll');
  if (target.os === 'darwin') return path.join(dir, 'libnode_red_auth_jwt.dylib');
  return path.join(dir, 'libnode_red_auth_jwt.so');
}

function buildCommand(target, baseEnv) {
  const env = { ...baseEnv, ...target.env };
  if (target.direct) {
    // `rustc` rather than `zigbuild`: the extra link argument reaches only this crate's link, not its dependencies.
    const exportsDef = path.join(__dirname, 'dist', 'windows-exports.def');
    return {
      cmd: 'cargo-zigbuild', // from the zig venv that toolEnv put first on PATH
      args: ['rustc', '--release', '--locked', '--lib', '--target', target.buildTriple, '--', '-C', `link-arg=${exportsDef}`],
      env: { ...env, LIBNODE_PATH: libnodeStub() },
    };
  }
  const napi = path.join(ROOT, 'node_modules', '.bin', 'napi');
  const args = ['build', '--platform', '--release', '--no-js', '--target', target.buildTriple, '-x', '--output-dir', ARTIFACTS];
  if (!target.buildStd) return { cmd: napi, args, env };
  // std from rustup's rust-src, compiled by the pinned stable rustc: RUSTC_BOOTSTRAP unlocks -Z for this build only.
  return { cmd: napi, args: [...args, '--', '-Zbuild-std=std,panic_unwind'], env: { ...env, RUSTC_BOOTSTRAP: '1' } };
}

function buildOne(target, env) {
  const { cmd, args, env: buildEnv } = buildCommand(target, env);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env: buildEnv, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status}, signal ${r.signal})`);
  const file = path.join(ARTIFACTS, artifactName(target.tag));
  if (target.direct) fs.copyFileSync(cargoLibraryFile(target), file);
  if (!fs.existsSync(file)) throw new Error(`the build finished but ${file} is missing`);
  return { file, seconds };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const env = toolEnv(args.setup);
  guard.check();
  console.log('[build-all] aws-lc-sys feature guard: ok');

  const rows = [];
  const failures = [];
  for (const tag of args.tags) {
    const target = TARGETS.find((t) => t.tag === tag);
    console.log(`[build-all] ${tag}: ${target.direct ? 'cargo zigbuild' : 'napi build -x'} --target ${target.buildTriple}`);
    const { file, seconds } = buildOne(target, env);
    const info = gates.inspect(target, file);
    const row = { tag, buildTriple: target.buildTriple, seconds, bytes: fs.statSync(file).size, ...info };
    rows.push(row);
    for (const p of info.problems) failures.push(`${tag}: ${p}`);
  }

  const generated = npmPackages.generate({ artifactsDir: ARTIFACTS, tags: args.tags });
  const reportFile = path.join(ARTIFACTS, 'build-report.json');
  const previous = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : {};
  for (const row of rows) previous[row.tag] = { ...row, builtAt: new Date().toISOString() };
  fs.writeFileSync(reportFile, JSON.stringify(previous, null, 2) + '\n');

  console.log('\ntarget                 seconds   bytes      max GLIBC  needs');
  for (const r of rows) {
    console.log(`${r.tag.padEnd(22)} ${r.seconds.toFixed(1).padStart(7)} ${String(r.bytes).padStart(9)}  ` +
      `${String(r.maxGlibc || '-').padEnd(9)}  ${r.needed.join(' ')}`);
  }
  console.log(`npm packages: ${generated.map((g) => path.relative(ROOT, g.dir)).join(', ')}`);
  if (failures.length) {
    console.error(`\n[build-all] RELEASE GATES FAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

try {
  main();
} catch (err) {
  console.error(`[build-all] ${err.message}`);
  process.exit(1);
}
