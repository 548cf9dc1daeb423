'use strict';
// examples/*/settings.js are real settings files: each is loaded in a child process the way Node-RED loads it
// (with `require('node-red-auth-jwt')` resolving to this checkout), then run in a real Node-RED 4.1 on
// 127.0.0.1 and signed into over HTTP with tokens of the kind each example expects.

const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const nodeRed = require('../scripts/demo/node_red_process');
const { request, accessTokenOf } = require('./support/loopback-http');
const { sign } = require('./support/jws');

const ROOT = path.join(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const BIN = path.join(ROOT, 'bin', 'node-red-auth-jwt.js');
const EXAMPLE_NAMES = ['pem-query', 'roles-claim', 'oidc-login-url'];

let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-examples-'));
  // As after `npm install node-red-auth-jwt` in Node-RED's user directory.
  fs.mkdirSync(path.join(tmp, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(tmp, 'node_modules', 'node-red-auth-jwt'), 'dir');
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Copies an example into the temp user directory; returns its settings path. */
function install(name) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const settingsPath = path.join(dir, 'settings.js');
  fs.copyFileSync(path.join(EXAMPLES, name, 'settings.js'), settingsPath);
  return settingsPath;
}

// What Node-RED would see, reduced to JSON (functions become their typeof).
const SUMMARY = `
const s = require(process.argv[1]);
const a = s.adminAuth;
process.stdout.write(JSON.stringify({
  keys: Object.keys(s).sort(),
  type: a.type,
  strategy: { ...a.strategy, strategy: typeof a.strategy.strategy },
  users: typeof a.users, authenticate: typeof a.authenticate, tokens: typeof a.tokens,
  tokenHeader: a.tokenHeader, sessionExpiryTime: a.sessionExpiryTime,
  httpAdminCookieOptions: s.httpAdminCookieOptions, httpServerOptions: s.httpServerOptions,
  strategyInstanceName: new a.strategy.strategy({}, () => {}).name,
}));`;

function load(settingsPath, env) {
  return spawnSync(process.execPath, ['-e', SUMMARY, settingsPath], {
    cwd: path.dirname(settingsPath),
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

function loaded(settingsPath, env) {
  const r = load(settingsPath, env);
  assert.equal(r.status, 0, `loading ${settingsPath} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function assertAdminAuthShape(summary) {
  assert.equal(summary.type, 'strategy');
  assert.equal(summary.strategy.strategy, 'function');
  assert.equal(summary.strategy.name, summary.strategyInstanceName, 'Node-RED needs the settings name to equal the strategy name');
  assert.equal(summary.users, 'function');
  assert.equal(summary.authenticate, 'function');
  assert.equal(summary.tokens, 'function', 'the admin API should accept JWTs');
  assert.ok(summary.keys.includes('adminAuth'));
}

/** Starts Node-RED with an example; stops it when the test `t` ends, passed or failed. */
async function runNodeRed(t, name, settingsPath, env) {
  const userDir = path.join(tmp, `${name}-userdir`);
  fs.mkdirSync(userDir, { recursive: true });
  const logPath = path.join(tmp, `${name}.log`);
  const child = nodeRed.start({
    projectDir: ROOT,
    settingsPath,
    userDir,
    port: 0, // read back from Node-RED's log: no fixed port
    logPath,
    args: ['-D', 'uiHost=127.0.0.1'], // the examples keep Node-RED's default host for Docker; tests stay on loopback
    env: { ...process.env, ...env },
  });
  t.after(() => nodeRed.stop(child));
  let port;
  try {
    port = await nodeRed.waitUntilReady(child, { port: 0, logPath });
  } catch (err) {
    err.message += `\n${nodeRed.lastLines(logPath, 20)}`;
    throw err;
  }
  return `http://127.0.0.1:${port}/`;
}

async function whoAmI(base, nrToken) {
  const res = await request(`${base}settings`, { headers: { Authorization: `Bearer ${nrToken}` } });
  assert.equal(res.status, 200);
  return JSON.parse(res.body).user;
}

function deploy(base, bearer) {
  return request(`${base}flows`, { method: 'POST', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: '[]' });
}

test('the three settings examples exist', () => {
  // examples/docker (the image build) is not covered here: its settings.js reads the image's /data/public.pem.
  for (const name of EXAMPLE_NAMES) assert.ok(fs.existsSync(path.join(EXAMPLES, name, 'settings.js')), name);
});

describe('examples/pem-query: PEM public key file, token in ?token=', () => {
  let settingsPath;
  let env;
  let privatePem;
  before(() => {
    settingsPath = install('pem-query');
    const keyDir = path.join(tmp, 'pem-query-keys');
    cli('keygen', '--out', keyDir);
    privatePem = path.join(keyDir, 'private.pem');
    env = { JWT_PUBLIC_KEY_FILE: path.join(keyDir, 'public.pem') };
  });
  const token = (sub, ...more) => cli('token', '--key', privatePem, '--sub', sub, '--iss', 'home-lab', '--aud', 'node-red', '--exp', '10m', ...more);

  test('loads into a complete adminAuth', () => {
    const s = loaded(settingsPath, env);
    assertAdminAuthShape(s);
    assert.equal(s.strategy.label, 'Sign in with a token link');
    assert.equal(s.sessionExpiryTime, 86400);
  });

  test('without its key file it refuses to load and names the file', () => {
    const r = load(settingsPath, { JWT_PUBLIC_KEY_FILE: path.join(tmp, 'missing.pem') });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ENOENT.*missing\.pem/);
  });

  test('in Node-RED: ?token= signs in listed users with their permissions, refuses others', async (t) => {
    const base = await runNodeRed(t, 'pem-query', settingsPath, env);
    const alice = accessTokenOf(await request(`${base}auth/strategy?token=${token('alice')}`));
    assert.ok(alice, 'alice could not sign in');
    assert.deepEqual(await whoAmI(base, alice), { username: 'alice', permissions: '*' });
    const bob = accessTokenOf(await request(`${base}auth/strategy?token=${token('bob')}`));
    assert.deepEqual(await whoAmI(base, bob), { username: 'bob', permissions: 'read' });
    assert.equal((await deploy(base, bob)).status, 401);

    const mallory = await request(`${base}auth/strategy?token=${token('mallory')}`);
    assert.equal(mallory.status, 302);
    assert.equal(accessTokenOf(mallory), null, 'a user not in the list signed in');
    const wrongAudience = cli('token', '--key', privatePem, '--sub', 'alice', '--iss', 'home-lab', '--aud', 'other-app');
    assert.equal(accessTokenOf(await request(`${base}auth/strategy?token=${wrongAudience}`)), null);

    const flows = await request(`${base}flows`, { headers: { Authorization: `Bearer ${token('bob')}` } });
    assert.equal(flows.status, 200, 'the admin API did not accept the JWT');
    assert.equal((await deploy(base, token('bob'))).status, 401);
  });
});

describe('examples/roles-claim: permissions from a groups claim through a roles map', () => {
  let settingsPath;
  let env;
  let privatePem;
  before(() => {
    settingsPath = install('roles-claim');
    const keyDir = path.join(tmp, 'roles-claim-keys');
    cli('keygen', '--alg', 'ES256', '--out', keyDir);
    privatePem = path.join(keyDir, 'private.pem');
    env = { JWT_PUBLIC_KEY_FILE: path.join(keyDir, 'public.pem') };
  });
  const token = (sub, groups) => cli('token', '--key', privatePem, '--sub', sub, '--iss', 'home-lab', '--aud', 'node-red', '--exp', '10m',
    '--claim', `groups=${JSON.stringify(groups)}`);

  test('loads into a complete adminAuth', () => {
    assertAdminAuthShape(loaded(settingsPath, env));
  });

  test('in Node-RED: the groups claim decides, unmapped groups are refused', async (t) => {
    const base = await runNodeRed(t, 'roles-claim', settingsPath, env);
    const carol = accessTokenOf(await request(`${base}auth/strategy?token=${token('carol', ['staff', 'nodered-admins'])}`));
    assert.ok(carol, 'carol (nodered-admins) could not sign in');
    assert.deepEqual(await whoAmI(base, carol), { username: 'carol', permissions: '*' });

    const dave = accessTokenOf(await request(`${base}auth/strategy?token=${token('dave', ['nodered-viewers'])}`));
    assert.ok(dave, 'dave (nodered-viewers) could not sign in');
    assert.equal((await request(`${base}flows`, { headers: { Authorization: `Bearer ${dave}` } })).status, 200);
    assert.equal((await deploy(base, dave)).status, 401);

    const erin = await request(`${base}auth/strategy?token=${token('erin', ['staff'])}`);
    assert.equal(erin.status, 302);
    assert.equal(accessTokenOf(erin), null, 'a token whose groups map to nothing signed in');

    // The admin API maps the same claim: an editor may deploy, a viewer may not.
    assert.equal((await deploy(base, token('frank', ['nodered-editors']))).status, 204);
    assert.equal((await deploy(base, token('gina', ['nodered-viewers']))).status, 401);
  });
});

describe('examples/oidc-login-url: a Keycloak-style provider, loginURL, form_post, {state}', () => {
  let settingsPath;
  let env;
  let idp;
  let issuer;
  let keys;
  const CLIENT_ID = 'node-red';
  // Node-RED's address as the browser would see it behind the TLS proxy; the test itself talks to the real port.
  const PUBLIC_BASE = 'https://nodered.example.test/';
  let base;

  before(async () => {
    settingsPath = install('oidc-login-url');
    keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...keys.publicKey.export({ format: 'jwk' }), kid: 'realm-key-1', alg: 'RS256', use: 'sig' };
    // Only the key set: the browser's visit to the provider is played by the test itself.
    idp = http.createServer((req, res) => {
      if (req.url === '/realms/home/protocol/openid-connect/certs') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${idp.address().port}/realms/home`;
    env = { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, NODE_RED_BASE_URL: PUBLIC_BASE };
  });
  after(() => new Promise((resolve) => idp.close(resolve)));

  function idToken(claims) {
    const now = Math.floor(Date.now() / 1000);
    const body = { iss: issuer, aud: CLIENT_ID, sub: crypto.randomUUID(), iat: now, exp: now + 300, ...claims };
    return sign(body, keys.privateKey, { alg: 'RS256', typ: 'JWT', kid: 'realm-key-1' });
  }

  // The reverse proxy in front of Node-RED terminates TLS and says so.
  const viaProxy = { 'X-Forwarded-Proto': 'https' };

  async function startSignIn() {
    const res = await request(`${base}auth/strategy`, { headers: viaProxy });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.location);
    const cookie = (res.headers['set-cookie'] || []).find((c) => c.startsWith('nr-auth-jwt-signin='));
    return { location, cookie, state: location.searchParams.get('state') };
  }

  function callback(form, cookie) {
    return request(`${base}auth/strategy/callback`, {
      method: 'POST',
      headers: { ...viaProxy, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie.split(';')[0] } : {}) },
      body: new URLSearchParams(form).toString(),
    });
  }

  test('loads into a complete adminAuth with a POST callback and autoLogin', () => {
    const s = loaded(settingsPath, env);
    assertAdminAuthShape(s);
    assert.equal(s.strategy.options.callbackMethod, 'POST');
    assert.equal(s.strategy.autoLogin, true);
    assert.equal(s.strategy.label, 'Sign in with Keycloak');
    assert.equal(s.httpAdminCookieOptions, undefined, 'the sealed sign-in cookie needs no cookie settings');
    assert.deepEqual(s.httpServerOptions, { 'trust proxy': 1 });
  });

  test('in Node-RED: redirect to the provider, form_post back with the ID token, state checked once', async (t) => {
    base = await runNodeRed(t, 'oidc-login-url', settingsPath, env);

    const first = await startSignIn();
    assert.equal(`${first.location.origin}${first.location.pathname}`, `${issuer}/protocol/openid-connect/auth`);
    const q = first.location.searchParams;
    assert.equal(q.get('client_id'), CLIENT_ID);
    assert.equal(q.get('response_type'), 'id_token');
    assert.equal(q.get('response_mode'), 'form_post');
    assert.equal(q.get('redirect_uri'), `${PUBLIC_BASE}auth/strategy/callback`);
    assert.ok(first.state && first.state.length >= 20, 'no one-time state');
    assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(q.get('nonce'), first.state);
    assert.ok(first.cookie, 'no sign-in session cookie');
    assert.match(first.cookie, /; Secure/i);
    assert.match(first.cookie, /SameSite=None/i);

    const stolen = await callback({ id_token: idToken({ preferred_username: 'alice', nonce: 'another-sign-in' }), state: first.state }, first.cookie);
    assert.equal(accessTokenOf(stolen), null, 'an ID token for another sign-in (nonce) was accepted');
    const fresh = await startSignIn();
    const token = idToken({ preferred_username: 'alice', nonce: fresh.location.searchParams.get('nonce') });
    first.state = fresh.state;
    first.cookie = fresh.cookie;
    const signedIn = await callback({ id_token: token, state: first.state }, first.cookie);
    const nrToken = accessTokenOf(signedIn);
    assert.ok(nrToken, `the callback did not sign in: ${signedIn.status} ${signedIn.headers.location}`);
    assert.deepEqual(await whoAmI(base, nrToken), { username: 'alice', permissions: '*' });

    const replay = await callback({ id_token: token, state: first.state }, first.cookie);
    assert.equal(accessTokenOf(replay), null, 'a used state was accepted again');

    const second = await startSignIn();
    const noCookie = await callback({ id_token: idToken({ preferred_username: 'alice' }), state: second.state }, null);
    assert.equal(accessTokenOf(noCookie), null, 'a callback outside the sign-in session was accepted');

    const third = await startSignIn();
    const stranger = await callback({ id_token: idToken({ preferred_username: 'mallory' }), state: third.state }, third.cookie);
    assert.equal(accessTokenOf(stranger), null, 'a user not in the list signed in');

    const api = await request(`${base}flows`, { headers: { Authorization: `Bearer ${idToken({ preferred_username: 'bob' })}` } });
    assert.equal(api.status, 200, 'the admin API did not accept a provider token');
    const otherClient = idToken({ preferred_username: 'alice', aud: 'another-client' });
    assert.equal((await request(`${base}flows`, { headers: { Authorization: `Bearer ${otherClient}` } })).status, 401);
  });
});
