#!/usr/bin/env node
'use strict';
// `npm run screenshots`: the README's pictures of `npm start`, taken by the demo's browser test
// (__test__/demo.test.js, which saves them when NRAUTH_SCREENSHOTS names a folder) from the real demo in
// Chromium, then made small (256 colours with pngquant or ImageMagick, whichever is installed) into docs/.

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PROJECT = path.resolve(__dirname, '..');
const DOCS = path.join(PROJECT, 'docs');
const NAMES = ['demo-1-login.png', 'demo-2-provider.png', 'demo-3-editor-admin.png', 'demo-4-editor-reader.png'];

function has(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

function shrink(from, to) {
  if (has('pngquant')) {
    const r = spawnSync('pngquant', ['--force', '--strip', '--output', to, '256', from], { stdio: 'inherit' });
    if (r.status === 0) return;
  }
  if (has('convert')) {
    const r = spawnSync('convert', [from, '-strip', '-colors', '256', `PNG8:${to}`], { stdio: 'inherit' });
    if (r.status === 0) return;
  }
  console.error(`no pngquant or ImageMagick: ${path.basename(to)} is kept as Chromium wrote it`);
  fs.copyFileSync(from, to);
}

const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-shots-'));
try {
  const test = spawnSync(process.execPath, ['--test', path.join(PROJECT, '__test__', 'demo.test.js')], {
    cwd: PROJECT,
    env: { ...process.env, NRAUTH_SCREENSHOTS: shots },
    stdio: 'inherit',
  });
  if (test.status !== 0) throw new Error('the demo test failed; no pictures were replaced');
  fs.mkdirSync(DOCS, { recursive: true });
  for (const name of NAMES) {
    const from = path.join(shots, name);
    if (!fs.existsSync(from)) throw new Error(`the test took no ${name}`);
    shrink(from, path.join(DOCS, name));
    console.log(`docs/${name}: ${Math.round(fs.statSync(path.join(DOCS, name)).size / 1024)} KB`);
  }
} catch (err) {
  console.error(`npm run screenshots: ${err.message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(shots, { recursive: true, force: true });
}
