'use strict';
// The factory's safe defaults: a token without exp is refused, clockTolerance is at most 300 s, key material
// is never an HMAC secret, and a plain-http baseURL to another host is reported at start-up. The way out of
// each is named in allowUnsafe, and repeated at start-up.

const test = require('node:test');
const assert = require('node:assert/strict');
const { warnings } = require('./support/console-warnings');
const crypto = require('crypto');
const { signJwt } = require('./support/jws');
const nodeRedAuthJwt = require('..');

const SECRET = 'safe-defaults-secret-safe-defaults-secret';
const BASE = { secret: SECRET, issuer: 'https://idp.test/', audience: 'node-red', users: [{ username: 'alice', permissions: '*' }], guard: false };

function sign(payload, options = {}) {
  return signJwt(payload, SECRET, { issuer: BASE.issuer, audience: BASE.audience, ...options });
}

/** Runs `fn` and returns what it printed with console.warn. */

function refused(options, pattern) {
  assert.throws(() => nodeRedAuthJwt(options), (err) => err.code === 'ERR_NODE_RED_AUTH_JWT_CONFIG' && pattern.test(err.message));
}

test('a token without exp is refused, by the admin API and by sign-in; allowUnsafe "tokens-without-exp" accepts it', async () => {
  const strict = nodeRedAuthJwt(BASE);
  assert.equal(await strict.tokens(sign({ sub: 'alice' })), null);
  assert.deepEqual(await strict.tokens(sign({ sub: 'alice' }, { expiresIn: 60 })), { username: 'alice', permissions: '*' });

  const login = new strict.strategy.strategy({}, () => assert.fail('no profile for a token without exp'));
  const outcome = await new Promise((resolve) => {
    Object.assign(login, { fail: (info, status) => resolve({ info, status }), error: resolve, success: resolve, redirect: resolve });
    login.authenticate({ query: { token: sign({ sub: 'alice' }) }, headers: {}, path: '/auth/strategy/callback' });
  });
  assert.deepEqual(outcome, { info: { message: 'Token has no expiry time' }, status: 401 });

  let lines;
  const lax = (() => {
    let auth;
    lines = warnings(() => { auth = nodeRedAuthJwt({ ...BASE, allowUnsafe: ['tokens-without-exp'] }); });
    return auth;
  })();
  assert.deepEqual(await lax.tokens(sign({ sub: 'alice' })), { username: 'alice', permissions: '*' });
  assert.ok(lines.some((l) => /allowUnsafe "tokens-without-exp"/.test(l)), lines.join('\n'));
});

test('clockTolerance above 300 s is a start-up error unless allowUnsafe says "long-clock-tolerance"', () => {
  refused({ ...BASE, clockTolerance: 301 }, /clockTolerance 301 is more than 300 seconds.*"long-clock-tolerance"/);
  assert.deepEqual(warnings(() => nodeRedAuthJwt({ ...BASE, clockTolerance: 300 })), []);
  const lines = warnings(() => nodeRedAuthJwt({ ...BASE, clockTolerance: 3600, allowUnsafe: 'long-clock-tolerance' }));
  assert.ok(lines.some((l) => /long-clock-tolerance/.test(l)));
});

test('allowUnsafe accepts only the names it knows', () => {
  for (const value of [['tokens-without-expiry'], [], [1], 'everything', { 'tokens-without-exp': true }]) {
    refused({ ...BASE, allowUnsafe: value }, /allowUnsafe must be a list of: "tokens-without-exp", "long-clock-tolerance", "http-base-url"/);
  }
});

test('key material as secret is refused in every spelling; random secrets in any encoding are accepted', () => {
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = ec.publicKey.export({ type: 'spki', format: 'der' });
  const forms = {
    'PEM key': [ec.publicKey.export({ type: 'spki', format: 'pem' }), Buffer.from(rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }))],
    'JWK \\(JSON text\\)': [
      JSON.stringify(ec.publicKey.export({ format: 'jwk' })),
      ` ${JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }, null, 2)}\n`,
    ],
    'public key \\(base64 DER\\)': [spki.toString('base64'), rsa.publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64url'),
      spki.toString('base64').replace(/(.{40})/g, '$1\n')],
    'public key \\(DER\\)': [spki],
    'public key \\(hex DER\\)': [spki.toString('hex')],
    'private key \\(base64 DER\\)': [ec.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')],
  };
  for (const [material, values] of Object.entries(forms)) {
    for (const secret of values) refused({ ...BASE, secret }, new RegExp(`secret holds a ${material}, not an HMAC secret.*publicKey`, 's'));
  }
  for (const secret of [crypto.randomBytes(32).toString('base64'), crypto.randomBytes(32).toString('hex'), crypto.randomBytes(48),
    `0${crypto.randomBytes(40).toString('base64')}`, '{"not":"a key","but":"json and long enough"}']) {
    assert.equal(nodeRedAuthJwt({ ...BASE, secret }).type, 'strategy');
  }
});

test('baseURL over plain http to another host is a start-up warning; loopback, https and allowUnsafe are quiet', () => {
  const lines = warnings(() => nodeRedAuthJwt({ ...BASE, baseURL: 'http://nodered.example.com/' }));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /baseURL http:\/\/nodered\.example\.com\/ is plain http .*Use https/);
  for (const baseURL of ['http://127.0.0.1:1880/', 'http://localhost:1880/', 'http://[::1]/', 'https://nodered.example.com/']) {
    assert.deepEqual(warnings(() => nodeRedAuthJwt({ ...BASE, baseURL })), [], baseURL);
  }
  assert.deepEqual(warnings(() => nodeRedAuthJwt({ ...BASE, baseURL: 'http://10.0.0.5/', allowUnsafe: ['http-base-url'] })), []);
});

test('tokenQueryParameter: false reads only the header or cookie, and cannot be combined with loginURL', async () => {
  const auth = nodeRedAuthJwt({ ...BASE, tokenQueryParameter: false, cookie: 'proxy_jwt' });
  const good = sign({ sub: 'alice' }, { expiresIn: 60 });
  const login = new auth.strategy.strategy({}, (profile, done) => done(null, { username: 'alice' }));
  const run = (req) => new Promise((resolve) => {
    Object.assign(login, { fail: (info) => resolve(['fail', info.message]), error: resolve, success: () => resolve(['success']), redirect: resolve });
    login.authenticate({ headers: {}, path: '/auth/strategy', ...req });
  });
  assert.deepEqual(await run({ query: { token: good } }), ['fail', 'No auth token']);
  assert.deepEqual(await run({ body: { token: good } }), ['fail', 'No auth token']);
  assert.deepEqual(await run({ headers: { cookie: `proxy_jwt=${good}` } }), ['success']);
  assert.deepEqual(await run({ headers: { authorization: `Bearer ${good}`, cookie: 'proxy_jwt=junk' } }), ['success'], 'the header first');
  refused({ ...BASE, tokenQueryParameter: false, loginURL: 'https://idp.test/auth' }, /tokenQueryParameter: false leaves no way/);
});
