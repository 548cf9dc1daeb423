'use strict';
// Runs `npm start` (scripts/demo.js, or npm itself) on free ports in a temporary DEMO_DIR and reads what it
// printed: addresses, passwords, the curl and CLI lines, and the process ids a stop must leave behind none of.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const READY = 'Press Ctrl-C to stop.';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code !== 'ESRCH';
  }
}

/** Resolves true once every pid is gone, false if one is still there after `ms`. */
async function allGone(pids, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!pids.some(alive)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pids.some(alive);
}

function lineAfter(text, heading) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(heading));
  assert.notEqual(i, -1, `no "${heading}" in the demo output:\n${text}`);
  return lines[i + 1].trim();
}

// What the demo printed, as values; every regex failing is an assertion failure.
function parse(text) {
  const pick = (re, what) => {
    const m = re.exec(text);
    assert.ok(m, `no ${what} in the demo output:\n${text}`);
    return m;
  };
  const account = (login) => pick(new RegExp(`^  ${login}\\s+password (\\S+)\\s+\\(permissions "([^"]+)"`, 'm'), `${login} account`);
  const curl = pick(/^ {2}curl -H "Authorization: Bearer ([\w-]+\.[\w-]+\.[\w-]+)" (\S+)$/m, 'curl line');
  return {
    issuer: pick(/^Identity provider \(oidc-provider, demo only\) on (http:\/\/127\.0\.0\.1:\d+) \(demo pid (\d+)\)$/m, 'provider line')[1],
    demoPid: Number(pick(/\(demo pid (\d+)\)/, 'demo pid')[1]),
    nodeRedPid: Number(pick(/^Starting Node-RED \S+ \(pid (\d+)\)/m, 'Node-RED pid')[1]),
    base: pick(/^Node-RED is running at (http:\/\/127\.0\.0\.1:\d+\/), secured/m, 'Node-RED address')[1],
    passwords: { admin: account('admin')[1], reader: account('reader')[1] },
    permissions: { admin: account('admin')[2], reader: account('reader')[2] },
    apiToken: curl[1],
    apiUrl: curl[2],
    cli: lineAfter(text, 'More tokens'),
  };
}

/**
 * Starts the demo. `viaNpm`: run `npm start` as a user would (then `proc` is npm). Resolve `ready` before use.
 * @returns {{proc, dir, ready: Promise<object>, exited: Promise<{code, signal}>, closed: Promise, output: () => string,
 *   errors: () => string, cleanup: () => Promise<void>}}
 */
function startDemo({ viaNpm = false, env = {} } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-demo-'));
  const dir = path.join(tmp, 'demo');
  // Free ports for both (an empty DEMO_OIDC_PORT is the default: a free one).
  const childEnv = { ...process.env, DEMO_PORT: '0', DEMO_OIDC_PORT: '', DEMO_DIR: dir, ...env };
  const [cmd, args] = viaNpm
    ? [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start', '--silent']]
    : [process.execPath, [path.join(ROOT, 'scripts', 'demo.js')]];
  const proc = spawn(cmd, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  // Once every holder of the output pipes (npm, and the demo it started) has let go of them.
  const closed = new Promise((resolve) => proc.once('close', resolve));
  const ready = new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes(READY)) resolve(parse(out));
    });
    proc.stderr.on('data', (chunk) => {
      err += chunk;
    });
    exited.then(({ code, signal }) => reject(new Error(`demo exited early (${code}/${signal}):\n${out}\n${err}`)));
  });
  ready.catch(() => {}); // awaited by the test; this only keeps an early exit from being "unhandled"
  return {
    proc,
    dir,
    ready,
    exited,
    closed,
    output: () => out,
    errors: () => err,
    /** Whatever happened, nothing this demo started survives it, and its folder is removed. */
    async cleanup() {
      const pids = [];
      for (const re of [/\(demo pid (\d+)\)/, /Starting Node-RED \S+ \(pid (\d+)\)/]) {
        const m = re.exec(out);
        if (m) pids.push(Number(m[1]));
      }
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await exited;
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

module.exports = { startDemo, alive, allGone, ROOT };
