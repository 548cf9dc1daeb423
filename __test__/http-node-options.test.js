'use strict';
// httpNode without Node-RED: its options (every mistake a start-up error), its path rules, where tokens are read
// from, the socket.io check, and the key set it shares with the factory.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { signJwt } = require('./support/jws');
const nodeRedAuthJwt = require('..');
const { checkKey } = require('../lib/node-red/key-option');
const { parseRules } = require('../lib/http-node/rules');

const SECRET = 'http-node-test-secret-0123456789abcdef';
const BASE = { secret: SECRET, issuer: 'https://idp.test/', audience: 'flows' };
const sign = (claims = {}, options = {}) => signJwt({ sub: 'alice', ...claims }, SECRET, { issuer: BASE.issuer, audience: 'flows', expiresIn: 60, ...options });

function configError(options, pattern) {
  assert.throws(() => nodeRedAuthJwt.httpNode(options), (err) => err.code === 'ERR_NODE_RED_AUTH_JWT_CONFIG' && pattern.test(err.message));
}

/** Runs the middleware on a plain request; resolves {next, user} or {status, headers, body}. */
function run(middleware, { path = '/x', headers = {}, method = 'GET' } = {}) {
  return new Promise((resolve) => {
    const res = {
      statusCode: 200,
      headers: {},
      headersSent: false,
      setHeader(k, v) { this.headers[k.toLowerCase()] = v; },
      end(body) { resolve({ status: this.statusCode, headers: this.headers, body: body ? JSON.parse(body) : null }); },
    };
    const req = { path, url: path, originalUrl: path, headers, method, baseUrl: '' };
    middleware(req, res, () => resolve({ next: true, user: req.user }));
  });
}

function socket(middleware, { headers = {}, auth = {}, url = '/dashboard/socket.io/?EIO=4' } = {}) {
  return new Promise((resolve) => {
    const s = { request: { url, headers: { host: '127.0.0.1:1880', ...headers } }, handshake: { auth } };
    middleware.socketIo(s, (err) => resolve({ err, user: s.data && s.data.user }));
  });
}

test('bad options are start-up errors that say what to set', () => {
  configError({ issuer: 'x', audience: 'a' }, /set the key that signs your tokens/);
  configError({ ...BASE, path: ['/x'] }, /unknown option path/);
  configError({ ...BASE, paths: [{ path: '/x', roles: ['a'] }] }, /roles needs permissionsClaim/);
  configError({ ...BASE, paths: [/x/g] }, /must not use the g or y flag/);
  configError({ ...BASE, paths: ['x'] }, /path prefix starting with "\/"/);
  configError({ ...BASE, paths: [{ path: '/x', open: true, roles: 'r' }], permissionsClaim: 'groups' }, /open and has roles/);
  configError({ ...BASE, paths: [{ path: '/x', opne: true }] }, /unknown field opne/);
  configError({ ...BASE, otherPaths: 'closed' }, /otherPaths must be "protected"/);
  configError({ ...BASE, clientId: 'c' }, /clientId needs issuer and discovery: true/);
  configError({ ...BASE, scope: 'openid' }, /scope needs clientId/);
  configError({ jwksUri: 'https://idp.test/jwks' }, /set audience \(or clientId\).*would open your flows/);
  configError({ ...BASE, tokenHeader: 'bad header' }, /tokenHeader must be a header name/);
  configError({ ...BASE, algorithms: ['none'] }, /must not contain "none"/);
  configError('secret', /needs an options object/);
});

test('path rules: whole segments, any case, every spelling held to the strictest rule', () => {
  const rules = parseRules([{ path: '/health', open: true }, { path: '/dash', roles: ['d'] }, /^\/reports\//], 'open', 'groups');
  assert.deepEqual(rules.decide('/health'), { open: true, roles: [] });
  assert.deepEqual(rules.decide('/health/live'), { open: true, roles: [] });
  assert.equal(rules.decide('/healthz').open, true, 'otherPaths: open');
  assert.deepEqual(rules.decide('/DASH/x').roles, [['d']]);
  assert.deepEqual(rules.decide('/d%61sh').roles, [['d']]);
  assert.deepEqual(rules.decide('//dash').roles, [['d']]);
  assert.equal(rules.decide('/dashboard').roles.length, 0, '/dash is not a prefix of /dashboard');
  assert.equal(rules.decide('/reports/1').open, false);
  assert.equal(rules.decide('/%E0%A4%A').open, true, 'a malformed escape is judged by its raw spelling');
  const closed = parseRules([{ path: '/health', open: true }], undefined, null);
  assert.equal(closed.decide('/other').open, false, 'protected by default');
  assert.equal(closed.decide('/h%65alth').open, false, 'an encoded spelling of an open path is not open');
});

test('tokens: Bearer, tokenHeader (raw), cookie; a cached token is the same frozen user', async () => {
  const bearer = nodeRedAuthJwt.httpNode(BASE);
  const token = sign();
  const first = await run(bearer, { headers: { authorization: `Bearer ${token}` } });
  const again = await run(bearer, { headers: { authorization: `bearer ${token}` } });
  assert.equal(first.user.username, 'alice');
  assert.equal(again.user, first.user, 'served by the verified-token cache');
  assert.ok(Object.isFrozen(first.user) && Object.isFrozen(first.user.claims));
  const header = nodeRedAuthJwt.httpNode({ ...BASE, tokenHeader: 'X-Auth-JWT', cookie: 'nr_jwt' });
  assert.equal((await run(header, { headers: { 'x-auth-jwt': token } })).user.username, 'alice');
  assert.equal((await run(header, { headers: { authorization: `Bearer ${token}` } })).status, 401, 'only the configured header');
  assert.equal((await run(header, { headers: { cookie: `nr_jwt=${token}` } })).user.username, 'alice');
  const refused = await run(header, { headers: { 'x-auth-jwt': `${token}x` } });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers['www-authenticate'], 'Bearer realm="node-red", error="invalid_token", error_description="Invalid token"');
  const noName = await run(bearer, { headers: { authorization: `Bearer ${sign({ sub: '<b>x</b>' })}` } });
  assert.deepEqual(noName.body, { error: 'invalid_token', error_description: 'Token has no usable username' });
});

test('socket.io: auth.token, Bearer or nothing; roles and origin checked', async () => {
  const flows = nodeRedAuthJwt.httpNode({ ...BASE, permissionsClaim: 'groups', paths: [{ path: '/dashboard', roles: ['dash'] }] });
  const good = sign({ groups: ['dash'] });
  const viaAuth = await socket(flows, { auth: { token: good } });
  assert.equal(viaAuth.err, undefined);
  assert.equal(viaAuth.user.username, 'alice');
  assert.equal((await socket(flows, { headers: { authorization: `Bearer ${good}` } })).err, undefined);
  const none = await socket(flows);
  assert.deepEqual(none.err.data, { status: 401, error_description: 'No auth token' });
  const noRole = await socket(flows, { auth: { token: sign({ groups: ['other'] }) } });
  assert.equal(noRole.err.data.status, 403);
  const foreign = await socket(flows, { auth: { token: good }, headers: { origin: 'http://evil.example' } });
  assert.equal(foreign.err.data.status, 403);
  const sameOrigin = await socket(flows, { auth: { token: good }, headers: { origin: 'http://127.0.0.1:1880' } });
  assert.equal(sameOrigin.err, undefined);
  const objectToken = await socket(flows, { auth: { token: { toString: () => good } } });
  assert.equal(objectToken.err.data.status, 401);
});

test('the factory and httpNode share one key set per key source', () => {
  const a = checkKey({ jwksUri: 'https://idp.test/shared/jwks' }).value.keySet;
  const b = checkKey({ jwksUri: 'https://IDP.test/shared/jwks' }).value.keySet;
  const c = checkKey({ discovery: true, issuer: 'https://idp.test/shared' }).value.keySet;
  const d = checkKey({ discovery: true, issuer: 'https://idp.test/shared' }).value.keySet;
  assert.equal(a, b, 'the same URL, normalized');
  assert.equal(c, d);
  assert.notEqual(a, c);
});

test('the way back from a sign-in stays on this host', () => {
  const { returnPath } = require('../lib/http-node/browser');
  assert.equal(returnPath({ originalUrl: '/dashboard/page?x=1', baseUrl: '' }), '/dashboard/page?x=1');
  assert.equal(returnPath({ originalUrl: '//evil.example/x', baseUrl: '' }), '/');
  assert.equal(returnPath({ originalUrl: '/\\evil.example/x', baseUrl: '/nr' }), '/nr/');
  assert.equal(returnPath({ originalUrl: `/${'x'.repeat(3000)}`, baseUrl: '' }), '/');
  assert.equal(returnPath({ originalUrl: { toString: () => '//evil' }, baseUrl: '' }), '/');
});

test('a CORS preflight passes without a token (it never carries one), other OPTIONS do not', async () => {
  const flows = nodeRedAuthJwt.httpNode(BASE);
  const preflight = await run(flows, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
  assert.deepEqual(preflight, { next: true, user: undefined });
  assert.equal((await run(flows, { method: 'OPTIONS' })).status, 401);
});
