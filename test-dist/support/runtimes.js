'use strict';
// Finds a Node that matches each target's libc and CPU: the host Node (x64 glibc), scripts/dist/musl-node.sh
// (Alpine-like x86_64 musl; arm64 musl and arm64 glibc under qemu), scripts/dist/armhf-node.sh (Debian armhf
// under qemu) and scripts/dist/wine-node.sh (Windows x64 Node under Wine). Set-up is idempotent and cached by
// those scripts; a missing tool is an error, not a skip.

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function muslNodeScript() {
  return path.join(ROOT, 'scripts', 'dist', 'musl-node.sh');
}

function muslNodeArgs(runtime) {
  const args = ['--arch', runtime.arch];
  if (runtime.libc) args.push('--libc', runtime.libc);
  return args;
}

const cache = new Map();
// Returns the path of an executable `node` for the target's runtime (a real ELF or a qemu wrapper script).
function nodeFor(target) {
  const key = JSON.stringify(target.runtime);
  if (cache.has(key)) return cache.get(key);
  let node;
  const rt = target.runtime;
  if (rt.kind === 'host') node = process.execPath;
  else if (rt.kind === 'musl-node') {
    node = execFileSync(muslNodeScript(), [...muslNodeArgs(rt), '-q', 'setup'], { encoding: 'utf8' }).trim().split('\n').pop();
  } else if (rt.kind === 'armhf-debian') {
    node = execFileSync(path.join(ROOT, 'scripts', 'dist', 'armhf-node.sh'), ['setup'], { encoding: 'utf8' }).trim().split('\n').pop();
  } else if (rt.kind === 'wine') {
    node = execFileSync(path.join(ROOT, 'scripts', 'dist', 'wine-node.sh'), ['setup'], { encoding: 'utf8' }).trim().split('\n').pop();
  } else throw new Error(`no Node runs ${target.tag} here (${rt.kind})`);
  if (!fs.existsSync(node)) throw new Error(`runtime for ${target.tag} not found at ${node}`);
  cache.set(key, node);
  return node;
}

module.exports = { nodeFor, muslNodeScript, muslNodeArgs, ROOT };
