'use strict';
// The factory without a running Node-RED: the adminAuth shape, a start-up error for each bad configuration,
// and the functions Node-RED calls (tokens, users, authenticate), which must never throw or reject.
// The real Node-RED runs are in node-red-{3,4,5}.test.js.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const { signJwt } = require('./support/jws');
const nodeRedAuthJwt = require('..');

const SECRET = 'factory-test-secret-factory-test-secret';
const ISS = 'https://idp.test/';
const AUD = 'node-red';
const { publicKey: EC_PUBLIC, privateKey: EC_PRIVATE } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const EC_PUBLIC_PEM = EC_PUBLIC.export({ type: 'spki', format: 'pem' });
const EC_PRIVATE_PEM = EC_PRIVATE.export({ type: 'pkcs8', format: 'pem' });

const BASE = { secret: SECRET, issuer: ISS, audience: AUD };
const USERS = [{ username: 'alice', permissions: '*' }, { username: 'bob', permissions: 'read' }];

function sign(payload, options = {}) {
  return signJwt(payload, SECRET, { issuer: ISS, audience: AUD, expiresIn: 300, ...options });
}

function configError(options, pattern) {
  assert.throws(() => nodeRedAuthJwt(options), (err) => {
    assert.equal(err.code, 'ERR_NODE_RED_AUTH_JWT_CONFIG', `code for ${err.message}`);
    assert.match(err.message, /^node-red-auth-jwt: /);
    assert.match(err.message, pattern);
    return true;
  });
}

test('returns a complete adminAuth whose strategy name equals the instance name', () => {
  const auth = nodeRedAuthJwt({ ...BASE, users: USERS, sessionExpiryTime: 3600 });
  assert.equal(auth.type, 'strategy');
  assert.equal(auth.strategy.name, 'jwt');
  assert.equal(auth.strategy.label, 'Sign in with JWT');
  assert.equal(auth.strategy.icon, 'fa-key');
  assert.equal(auth.strategy.autoLogin, false);
  assert.deepEqual(auth.strategy.options, { callbackMethod: 'GET' });
  const instance = new auth.strategy.strategy(auth.strategy.options, () => {});
  assert.equal(instance.name, auth.strategy.name);
  assert.equal(typeof instance.authenticate, 'function');
  assert.equal(typeof auth.users, 'function');
  assert.equal(typeof auth.authenticate, 'function');
  assert.equal(typeof auth.tokens, 'function');
  assert.equal(auth.sessionExpiryTime, 3600);
  assert.equal('tokenHeader' in auth, false);
});

test('label, icon, autoLogin, callbackMethod, tokenHeader and apiTokens are passed on', () => {
  const auth = nodeRedAuthJwt({ ...BASE, users: USERS, label: 'Company SSO', icon: 'fa-user', autoLogin: true, callbackMethod: 'post', tokenHeader: 'X-Auth-JWT' });
  assert.equal(auth.strategy.label, 'Company SSO');
  assert.equal(auth.strategy.icon, 'fa-user');
  assert.equal(auth.strategy.autoLogin, true);
  assert.equal(auth.strategy.options.callbackMethod, 'POST');
  assert.equal(auth.tokenHeader, 'x-auth-jwt');
  const noApi = nodeRedAuthJwt({ ...BASE, users: USERS, apiTokens: false, tokenHeader: 'X-Auth-JWT' });
  assert.equal('tokens' in noApi, false);
  assert.equal('tokenHeader' in noApi, false);
});

test('accepts each kind of public key', () => {
  const jwk = EC_PUBLIC.export({ format: 'jwk' });
  for (const publicKey of [EC_PUBLIC_PEM, Buffer.from(EC_PUBLIC_PEM), EC_PUBLIC, jwk, { keys: [{ ...jwk, kid: 'k1' }] }]) {
    const auth = nodeRedAuthJwt({ publicKey, issuer: ISS, audience: AUD, users: USERS });
    assert.equal(auth.type, 'strategy');
  }
});

test('start-up errors: the key', () => {
  configError({ issuer: ISS, users: USERS }, /set the key that signs your tokens: secret .* publicKey .* jwksUri/);
  configError({ secret: SECRET, publicKey: EC_PUBLIC_PEM, users: USERS }, /set only one of .*secret and publicKey/);
  configError({ secret: SECRET, jwksUri: 'https://idp.test/jwks', users: USERS }, /set only one of/);
  configError({ secret: '', users: USERS }, /secret must not be empty/);
  configError({ secret: 'changeme', users: USERS }, /secret is 8 bytes; use at least 32 random bytes/);
  configError({ secret: crypto.createSecretKey(Buffer.alloc(16, 7)), users: USERS }, /secret is 16 bytes/);
  configError({ secret: 42, users: USERS }, /secret must be a string, a Buffer/);
  configError({ secret: EC_PUBLIC_PEM, users: USERS }, /secret holds a PEM key, not an HMAC secret .*Give the public key as publicKey/);
  configError({ publicKey: 'not-a-pem-just-a-secret', users: USERS }, /publicKey must be PEM text .* for a shared HMAC secret use secret/);
  configError({ publicKey: EC_PRIVATE_PEM, users: USERS }, /publicKey holds a private key/);
  configError({ publicKey: EC_PRIVATE, users: USERS }, /publicKey is a private KeyObject/);
  configError({ publicKey: { kty: 'oct', k: 'c2VjcmV0' }, users: USERS }, /symmetric \("oct"\) key; give it as secret/);
  configError({ publicKey: EC_PRIVATE.export({ format: 'jwk' }), users: USERS }, /publicKey is a private key/);
  configError({ publicKey: { keys: [] }, users: USERS }, /JWKS without keys/);
  configError({ publicKey: { hello: 1 }, users: USERS }, /publicKey must be PEM text, a public KeyObject, a JWK or a JWKS/);
  configError({ publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', users: USERS }, /publicKey cannot verify tokens/);
  configError({ jwksUri: 'http://idp.test/jwks', users: USERS }, /jwksUri must be an https: URL/);
  configError({ discovery: true, users: USERS }, /discovery needs issuer/);
  configError({ discovery: true, issuer: [ISS, 'https://other.test/'], users: USERS }, /discovery needs issuer: the single issuer URL/);
  configError({ discovery: true, issuer: ISS, jwksUri: 'https://idp.test/jwks', users: USERS }, /set only one of .*jwksUri and discovery/);
  configError({ discovery: 'yes', secret: SECRET, users: USERS }, /discovery must be true or false/);
});

test('start-up errors: what a token must say', () => {
  configError({ ...BASE, users: USERS, algorithms: ['none'] }, /algorithms must not contain "none"/);
  configError({ ...BASE, users: USERS, algorithms: ['HS256', 'NONE'] }, /must not contain "none"/);
  configError({ ...BASE, users: USERS, algorithms: [] }, /algorithms must be a non-empty string or an array/);
  configError({ ...BASE, users: USERS, algorithms: ['RS256'] }, /algorithms RS256 need a public key, not secret/);
  configError({ publicKey: EC_PUBLIC_PEM, users: USERS, algorithms: ['ES256', 'HS256'] }, /algorithms HS256 need secret/);
  configError({ ...BASE, users: USERS, algorithms: ['HS999'] }, /algorithms: unknown HS999 \(known: HS256/);
  configError({ ...BASE, users: USERS, algorithms: ['hs256'] }, /algorithms: unknown hs256 .*case-sensitive/);
  configError({ ...BASE, users: USERS, issuer: [] }, /issuer must be a non-empty string or an array/);
  configError({ ...BASE, users: USERS, audience: 7 }, /audience must be a string, a RegExp or an array/);
  configError({ ...BASE, users: USERS, clockTolerance: -1 }, /clockTolerance must be a number of seconds/);
  configError({ ...BASE, users: USERS, maxAge: 'soon' }, /maxAge must be a number of seconds or a time span/);
  configError({ ...BASE, users: USERS, maxAge: 0 }, /maxAge must be/);
});

test('start-up errors: who may sign in', () => {
  configError({ ...BASE }, /say who may sign in: set users .* or permissionsClaim/);
  configError({ ...BASE, users: null }, /say who may sign in/);
  configError({ ...BASE, users: [] }, /users is empty: nobody could sign in/);
  configError({ ...BASE, users: 'alice' }, /users must be an array of \{username, permissions\} or a function/);
  configError({ ...BASE, users: [{ username: 'alice' }] }, /users\[0\] \(alice\) has no permissions: give it permissions, or set permissionsClaim/);
  configError({ ...BASE, users: [{ username: '', permissions: '*' }] }, /users\[0\]\.username must be a non-empty string/);
  configError({ ...BASE, users: [{ username: 'a', permissions: 'admin' }] }, /users\[0\]\.permissions \(a\) must be a Node-RED permission/);
  configError({ ...BASE, users: [{ username: 'a', permissions: [] }] }, /must be a Node-RED permission/);
  configError({ ...BASE, users: [{ username: 'a', permissions: '*' }, { username: 'a', permissions: 'read' }] }, /username "a" is listed twice/);
  configError({ ...BASE, users: USERS, roles: { admins: '*' } }, /roles needs permissionsClaim/);
  configError({ ...BASE, permissionsClaim: 'groups', roles: { admins: 'root' } }, /roles\["admins"\] must be a Node-RED permission/);
  configError({ ...BASE, permissionsClaim: 'groups', roles: {} }, /roles must map role names to Node-RED permissions/);
  configError({ ...BASE, permissionsClaim: '' }, /permissionsClaim must be a non-empty string/);
  configError({ ...BASE, users: USERS, usernameClaim: 3 }, /usernameClaim must be a non-empty string/);
});

test('start-up errors: editor sign-in and sessions', () => {
  const ok = { ...BASE, users: USERS };
  configError({ ...ok, loginURL: 'javascript:alert(1)' }, /loginURL must be an http: or https: URL/);
  configError({ ...ok, loginURL: 42 }, /loginURL must be a non-empty string/);
  configError({ ...ok, loginURL: 'https://idp.test/auth?r={redirect}', baseURL: 'nodered.example.com' }, /baseURL must be an absolute URL/);
  configError({ ...ok, baseURL: 'ftp://nodered.example.com/' }, /baseURL must be an http: or https: URL/);
  configError({ ...ok, baseURL: 'https://nodered.example.com/?x=1' }, /baseURL must not have a query/);
  configError({ ...ok, callbackMethod: 'PUT' }, /callbackMethod must be "GET" or "POST"/);
  configError({ ...ok, tokenQueryParameter: 'a b' }, /tokenQueryParameter may hold only/);
  configError({ ...ok, cookie: 'a;b' }, /cookie must be a cookie name/);
  configError({ ...ok, tokenHeader: 'X Auth' }, /tokenHeader must be a header name/);
  configError({ ...ok, autoLogin: 'yes' }, /autoLogin must be true or false/);
  configError({ ...ok, apiTokens: 0 }, /apiTokens must be true or false/);
  configError({ ...ok, sessionExpiryTime: -5 }, /sessionExpiryTime must be a whole number of seconds/);
  configError({ ...ok, sessionExpiryTime: 1.5 }, /sessionExpiryTime must be/);
  configError({ ...ok, label: '' }, /label must be a non-empty string/);
});

test('start-up errors: a misspelt or unknown option is never ignored', () => {
  configError({ ...BASE, users: USERS, audiance: 'x' }, /unknown option audiance/);
  configError({ ...BASE, users: USERS, secretOrKey: 'x', jwtFromRequest: 1 }, /unknown options secretOrKey, jwtFromRequest/);
  configError(undefined, /call it with an options object/);
  configError('secret', /call it with an options object/);
});

test('jwksUri on loopback builds a remote key set without fetching at start-up', () => {
  const auth = nodeRedAuthJwt({ jwksUri: 'http://127.0.0.1:9/jwks.json', issuer: ISS, audience: AUD, users: USERS });
  assert.equal(auth.type, 'strategy');
});

test('tokens: a valid JWT maps to {username, permissions}; everything else resolves null, never rejects', async () => {
  const auth = nodeRedAuthJwt({ ...BASE, users: USERS });
  assert.deepEqual(await auth.tokens(sign({ sub: 'bob' })), { username: 'bob', permissions: 'read' });
  // twice: the second answer comes from the cache and must be the same
  assert.deepEqual(await auth.tokens(sign({ sub: 'alice' })), { username: 'alice', permissions: '*' });
  const alice = sign({ sub: 'alice' });
  assert.deepEqual(await auth.tokens(alice), await auth.tokens(alice));
  const refused = [
    undefined, null, 12, {}, [], '', 'junk', 'a.b.c', alice + 'x', alice.replace(/\.[^.]*$/, '.'),
    sign({ sub: 'carol' }),
    sign({ sub: 'bob' }, { expiresIn: -10 }),
    sign({ sub: 'bob' }, { audience: 'other' }),
    sign({ sub: 'bob' }, { issuer: 'https://evil.test/' }),
    signJwt({ sub: 'alice', iss: ISS, aud: AUD }, null, { algorithm: 'none' }),
    signJwt({ sub: 'alice', iss: ISS, aud: AUD }, 'another-secret-another-secret-another'),
    sign({ sub: '__proto__' }),
    sign({ sub: 12 }),
  ];
  for (const token of refused) {
    assert.equal(await auth.tokens(token), null, `refused: ${String(token).slice(0, 40)}`);
  }
});

test('tokens and users never reject, even when the settings\' users function throws, rejects or returns junk', async () => {
  const calls = [];
  const warn = console.warn;
  console.warn = () => {};
  try {
    // users(name) with a plain name: the lookup of a session made before session keys (sessions.js).
    const auth = nodeRedAuthJwt({
      ...BASE,
      sessionEndsWithToken: false,
      users(username, claims) {
        calls.push([username, claims === undefined ? 'no-claims' : 'claims']);
        if (username === 'thrower') throw new Error('directory down');
        if (username === 'rejecter') return Promise.reject(new Error('directory down'));
        if (username === 'junk') return 'yes';
        if (username === 'badperms') return { permissions: 'root' };
        if (username === 'alice') return Promise.resolve({ username: 'alice', permissions: ['flows.read', 'flows.write'] });
        return null;
      },
    });
    for (const name of ['thrower', 'rejecter', 'junk', 'badperms', 'nobody']) {
      assert.equal(await auth.tokens(sign({ sub: name })), null, name);
      assert.equal(await auth.users(name), null, name);
    }
    assert.deepEqual(await auth.tokens(sign({ sub: 'alice' })), { username: 'alice', permissions: ['flows.read', 'flows.write'] });
    assert.deepEqual(await auth.users('alice'), { username: 'alice', permissions: ['flows.read', 'flows.write'] });
    // API calls pass the claims; Node-RED's session lookups (users(username)) cannot.
    assert.deepEqual(calls.find(([n]) => n === 'alice'), ['alice', 'claims']);
    assert.deepEqual(calls.filter(([n]) => n === 'alice').at(-1), ['alice', 'no-claims']);
    // A users function is asked on every API call (not cached), so removing someone takes effect at once.
    const before = calls.length;
    const token = sign({ sub: 'alice' });
    await auth.tokens(token);
    await auth.tokens(token);
    assert.equal(calls.length, before + 2);
  } finally {
    console.warn = warn;
  }
});

test('permissions from a claim, through roles, by a dotted path; unknown values grant nothing', async () => {
  const auth = nodeRedAuthJwt({
    ...BASE,
    usernameClaim: 'preferred_username',
    permissionsClaim: 'realm_access.roles',
    roles: { 'nr-admin': '*', 'nr-viewer': 'read', 'nr-flows': ['flows.read', 'flows.write'] },
  });
  const as = (roles, extra = {}) => auth.tokens(sign({ sub: 'id-1', preferred_username: 'carol', realm_access: { roles }, ...extra }));
  assert.deepEqual(await as(['nr-viewer']), { username: 'carol', permissions: ['read'] });
  assert.deepEqual(await as(['nr-viewer', 'nr-admin']), { username: 'carol', permissions: '*' });
  assert.deepEqual(await as(['nr-viewer', 'nr-flows']), { username: 'carol', permissions: ['read', 'flows.read', 'flows.write'] });
  assert.deepEqual(await as('nr-viewer'), { username: 'carol', permissions: ['read'] });
  assert.equal(await as(['offline_access']), null);
  assert.equal(await as(['__proto__', 'constructor', 'toString']), null);
  assert.equal(await as([]), null);
  assert.equal(await as({ 'nr-admin': true }), null);
  assert.equal(await auth.tokens(sign({ preferred_username: 'carol' })), null, 'no roles claim');
  assert.equal(await auth.tokens(sign({ realm_access: { roles: ['nr-admin'] } })), null, 'no username claim');
  assert.equal(await as(['nr-admin'], { preferred_username: '<img src=x onerror=alert(1)>' }), null, 'markup in a username');
  assert.equal(await as(['nr-admin'], { preferred_username: 'a\nb' }), null, 'control character in a username');

  const direct = nodeRedAuthJwt({ ...BASE, permissionsClaim: 'nr' });
  assert.deepEqual(await direct.tokens(sign({ sub: 'd', nr: '*' })), { username: 'd', permissions: '*' });
  assert.deepEqual(await direct.tokens(sign({ sub: 'd', nr: ['flows.read', 'root', 'flows.read'] })), { username: 'd', permissions: ['flows.read'] });
  assert.equal(await direct.tokens(sign({ sub: 'd', nr: 'admin' })), null);
  assert.equal(await direct.tokens(sign({ sub: 'd', nr: 1 })), null);
  // a claim whose name contains dots is read by its exact name first
  const namespaced = nodeRedAuthJwt({ ...BASE, permissionsClaim: 'https://example.com/nr' });
  assert.deepEqual(await namespaced.tokens(sign({ sub: 'e', 'https://example.com/nr': 'read' })), { username: 'e', permissions: 'read' });
});

test('with users and permissionsClaim, users is the allow-list and its permissions win; the claim fills gaps', async () => {
  const auth = nodeRedAuthJwt({
    ...BASE,
    users: [{ username: 'alice', permissions: 'read' }, { username: 'dave' }],
    permissionsClaim: 'nr',
  });
  assert.deepEqual(await auth.tokens(sign({ sub: 'alice', nr: '*' })), { username: 'alice', permissions: 'read' });
  assert.deepEqual(await auth.tokens(sign({ sub: 'dave', nr: ['flows.read'] })), { username: 'dave', permissions: ['flows.read'] });
  assert.equal(await auth.tokens(sign({ sub: 'dave' })), null);
  assert.equal(await auth.tokens(sign({ sub: 'mallory', nr: '*' })), null);
});

test('authenticate creates no user from anything but a profile the strategy issued', async () => {
  const auth = nodeRedAuthJwt({ ...BASE, users: USERS });
  assert.equal(await auth.authenticate({ username: 'alice', permissions: '*' }), null);
  assert.equal(await auth.authenticate('alice'), null);
  assert.equal(await auth.authenticate('alice', 'password'), null);
  assert.equal(await auth.authenticate(null), null);
});

test('users(username) for a session from before session keys: the allow-list, or for claim-derived users any safe name', async () => {
  const legacy = { ...BASE, sessionEndsWithToken: false };
  const list = nodeRedAuthJwt({ ...legacy, users: USERS });
  assert.deepEqual(await list.users('alice'), { username: 'alice', permissions: '*' });
  assert.equal(await list.users('carol'), null);
  assert.equal(await list.users('__proto__'), null);
  assert.equal(await list.users(undefined), null);
  const claims = nodeRedAuthJwt({ ...legacy, permissionsClaim: 'nr' });
  assert.deepEqual(await claims.users('carol'), { username: 'carol', permissions: 'read' });
  assert.equal(await claims.users('<b>x</b>'), null);
  assert.equal(await claims.users(''), null);
  // With sessions bound to tokens (the default) such a plain name is no session: sign in again.
  assert.equal(await nodeRedAuthJwt({ ...BASE, users: USERS }).users('alice'), null);
});

test('jwksUri and discovery: tokens verify against a key set served on loopback; a down server resolves null', async (t) => {
  const { startJwksServer } = require('./support/jwks-server');
  const server = await startJwksServer({ keys: [['k1', 'ES256']] });
  t.after(() => server.stop());
  const now = Math.floor(Date.now() / 1000);
  const claims = (sub) => ({ sub, iss: server.issuer, aud: AUD, iat: now, exp: now + 300 });
  const byUri = nodeRedAuthJwt({ jwksUri: server.jwksUri, issuer: server.issuer, audience: AUD, users: USERS });
  assert.deepEqual(await byUri.tokens(server.key('k1').sign(claims('alice'))), { username: 'alice', permissions: '*' });
  assert.equal(await byUri.tokens(server.key('k1').sign(claims('carol'))), null);
  assert.equal(await byUri.tokens(server.key('k1').sign(claims('alice'), { kid: 'unknown' })), null);
  assert.equal(await byUri.tokens('junk'), null);
  const byDiscovery = nodeRedAuthJwt({ discovery: true, issuer: server.issuer, audience: AUD, permissionsClaim: 'nr' });
  assert.deepEqual(await byDiscovery.tokens(server.key('k1').sign({ ...claims('erin'), nr: 'read' })), { username: 'erin', permissions: 'read' });
  assert.equal(server.discoveryFetches, 1);
  configError({ jwksUri: server.jwksUri, algorithms: ['HS256'], users: USERS }, /algorithms HS256 need secret/);
  await server.stop();
  // Key sets are shared per URL in the process, so a never-fetched one needs its own URL.
  const cold = nodeRedAuthJwt({ jwksUri: `${server.jwksUri}?cold`, issuer: server.issuer, audience: AUD, users: USERS });
  assert.equal(await cold.tokens(server.key('k1').sign(claims('alice'))), null);
});

test('clockTolerance and maxAge reach the verifier', async () => {
  const now = Math.floor(Date.now() / 1000);
  const lenient = nodeRedAuthJwt({ ...BASE, users: USERS, clockTolerance: 30 });
  const strict = nodeRedAuthJwt({ ...BASE, users: USERS });
  const justExpired = signJwt({ sub: 'bob', exp: now - 5 }, SECRET, { issuer: ISS, audience: AUD });
  assert.deepEqual(await lenient.tokens(justExpired), { username: 'bob', permissions: 'read' });
  assert.equal(await strict.tokens(justExpired), null);
  const young = nodeRedAuthJwt({ ...BASE, users: USERS, maxAge: '1h' });
  assert.equal(await young.tokens(sign({ sub: 'bob', iat: now - 7200 })), null);
  assert.deepEqual(await young.tokens(sign({ sub: 'bob', iat: now - 60 })), { username: 'bob', permissions: 'read' });
  const seconds = nodeRedAuthJwt({ ...BASE, users: USERS, maxAge: 600 });
  assert.equal(await seconds.tokens(sign({ sub: 'bob', iat: now - 601 })), null);
});
