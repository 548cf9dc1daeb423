'use strict';
// `npm start` for real: scripts/demo.js builds nothing (the addon exists), makes keys, starts Node-RED 4.1 on a
// test port, prints links; we follow them over HTTP as a browser and curl would, then Ctrl-C it.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { request, accessTokenOf } = require('./support/loopback-http');

const ROOT = path.join(__dirname, '..');
const PORT = 18390;
const BASE = `http://127.0.0.1:${PORT}/`;

let tmp;
let demo;
let demoExit;
let nodeRedPid;
let output = '';
let errors = '';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code !== 'ESRCH';
  }
}

// Resolves with the whole output once the demo says it is ready; rejects if it exits first.
function waitForReady() {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) resolve(output);
    };
    demo.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /Starting Node-RED \S+ \(pid (\d+)\)/.exec(output);
      if (m) nodeRedPid = Number(m[1]);
      check();
    });
    demo.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    demoExit.then(({ code, signal }) => reject(new Error(`demo exited early (${code}/${signal}):\n${output}\n${errors}`)));
  });
}

function lineAfter(text, heading) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(heading));
  assert.notEqual(i, -1, `no "${heading}" in the demo output:\n${text}`);
  return lines[i + 1].trim();
}

let ready;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-demo-'));
  demo = spawn(process.execPath, [path.join(ROOT, 'scripts', 'demo.js')], {
    cwd: ROOT,
    env: { ...process.env, DEMO_PORT: String(PORT), DEMO_DIR: path.join(tmp, 'demo') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout.setEncoding('utf8');
  demo.stderr.setEncoding('utf8');
  demoExit = new Promise((resolve) => demo.once('exit', (code, signal) => resolve({ code, signal })));
  ready = waitForReady();
});

after(async () => {
  // Whatever happened above, nothing this test started may survive it.
  if (demo.exitCode === null && demo.signalCode === null) {
    demo.kill('SIGKILL');
    await demoExit;
  }
  if (nodeRedPid && alive(nodeRedPid)) process.kill(nodeRedPid, 'SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('npm start: sign-in links, a curl line, and Ctrl-C stops everything', { timeout: 120000 }, async (t) => {
  const text = await ready;
  assert.ok(nodeRedPid > 0, 'the demo did not print the Node-RED pid');
  assert.ok(alive(nodeRedPid));

  await t.test('the settings.js it wrote uses the factory with the demo public key', () => {
    const settings = fs.readFileSync(path.join(tmp, 'demo', 'settings.js'), 'utf8');
    assert.ok(settings.includes(`adminAuth: require(${JSON.stringify(ROOT)})({`), settings);
    assert.match(settings, /publicKey: fs\.readFileSync\(/);
    assert.match(fs.readFileSync(path.join(tmp, 'demo', 'keys', 'public.pem'), 'utf8'), /BEGIN PUBLIC KEY/);
    assert.equal(fs.statSync(path.join(tmp, 'demo', 'keys', 'private.pem')).mode & 0o777, 0o600);
  });

  const adminLink = lineAfter(text, 'Sign in as admin');
  const readerLink = lineAfter(text, 'Sign in as reader');
  const curlLine = lineAfter(text, 'Read the flows');
  const curl = /^curl -H "Authorization: Bearer ([\w-]+\.[\w-]+\.[\w-]+)" (\S+)$/.exec(curlLine);

  await t.test('the printed links point at the demo port on 127.0.0.1', () => {
    assert.match(adminLink, new RegExp(`^${BASE.replace(/[.]/g, '\\.')}auth/strategy\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    assert.match(readerLink, /^http:\/\/127\.0\.0\.1:18390\/auth\/strategy\?token=/);
    assert.notEqual(adminLink, readerLink);
    assert.ok(curl, `not a curl line: ${curlLine}`);
    assert.equal(curl[2], `${BASE}flows`);
  });

  await t.test('the admin link signs in with full permissions', async () => {
    const res = await request(adminLink);
    const nrToken = accessTokenOf(res);
    assert.ok(nrToken, `no access_token in ${res.status} ${res.headers.location}`);
    const settings = await request(`${BASE}settings`, { headers: { Authorization: `Bearer ${nrToken}` } });
    assert.equal(settings.status, 200);
    assert.deepEqual(JSON.parse(settings.body).user, { username: 'admin', permissions: '*' });
  });

  await t.test('the reader link signs in read-only: flows readable, deploy refused', async () => {
    const nrToken = accessTokenOf(await request(readerLink));
    assert.ok(nrToken, 'the reader link did not sign in');
    const auth = { Authorization: `Bearer ${nrToken}` };
    assert.equal((await request(`${BASE}flows`, { headers: auth })).status, 200);
    const deploy = await request(`${BASE}flows`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '[]' });
    assert.equal(deploy.status, 401);
  });

  await t.test('the curl line reads /flows with the JWT; without it, or tampered, 401', async () => {
    const res = await request(curl[2], { headers: { Authorization: `Bearer ${curl[1]}` } });
    assert.equal(res.status, 200, res.body);
    assert.ok(Array.isArray(JSON.parse(res.body)));
    assert.equal((await request(curl[2])).status, 401);
    const [h, p, s] = curl[1].split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', aud: 'node-red-demo', iss: 'node-red-auth-jwt-demo', exp: 4102444800 })).toString('base64url')}.${s}`;
    assert.equal(forged === curl[1], false);
    assert.equal((await request(curl[2], { headers: { Authorization: `Bearer ${forged}` } })).status, 401);
    const refused = await request(adminLink.replace(/token=.*/, `token=${forged}`));
    assert.equal(refused.status, 302);
    assert.equal(accessTokenOf(refused), null, 'a forged token signed in');
  });

  await t.test('SIGINT stops the demo and its Node-RED child', async () => {
    demo.kill('SIGINT');
    const { code, signal } = await demoExit;
    assert.equal(signal, null);
    assert.equal(code, 0, errors);
    assert.match(output, /SIGINT: stopping Node-RED\.\.\.\nStopped\./);
    assert.equal(alive(nodeRedPid), false, `Node-RED pid ${nodeRedPid} is still running`);
    await assert.rejects(request(`${BASE}auth/login`), /ECONNREFUSED/);
  });
});
