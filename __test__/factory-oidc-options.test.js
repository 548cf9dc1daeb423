'use strict';
// Start-up checks of the sign-in options (clientId and friends, audience rules, loginURL placeholders), and the
// ID-token rules beyond the signature: each mistake is a clear error at start-up, never a weaker sign-in.

const test = require('node:test');
const assert = require('node:assert/strict');
const { warnings } = require('./support/console-warnings');
const nodeRedAuthJwt = require('..');
const { checkIdTokenClaims } = require('../lib/oidc/id-token');
const { parseMetadata } = require('../lib/oidc/provider');

const ISSUER = 'https://sso.example.com/realms/home';
const USERS = [{ username: 'alice', permissions: '*' }];
const CODE = { issuer: ISSUER, discovery: true, clientId: 'node-red', users: USERS };

function configError(options, pattern) {
  assert.throws(() => nodeRedAuthJwt(options), (err) => {
    assert.equal(err.code, 'ERR_NODE_RED_AUTH_JWT_CONFIG');
    assert.match(err.message, pattern);
    return true;
  });
}


test('the three-option form builds an adminAuth whose audience is the client ID', () => {
  const auth = nodeRedAuthJwt(CODE);
  assert.equal(auth.type, 'strategy');
  assert.equal(typeof auth.tokens, 'function');
  assert.equal(auth.strategy.options.callbackMethod, 'GET');
});

test('clientId needs issuer + discovery, and excludes loginURL', () => {
  configError({ jwksUri: 'https://sso.example.com/jwks', audience: 'x', clientId: 'node-red', users: USERS }, /clientId needs issuer and discovery: true/);
  configError({ ...CODE, loginURL: 'https://sso.example.com/auth?state={state}' }, /set clientId .* or loginURL .*, not both/);
  configError({ ...CODE, callbackMethod: 'POST' }, /callbackMethod must be GET with clientId/);
  configError({ ...CODE, clientId: '' }, /clientId must be a non-empty string/);
  configError({ ...CODE, clientSecret: 7 }, /clientSecret must be a non-empty string/);
  configError({ secret: 'x'.repeat(32), clientSecret: 'abc', users: USERS }, /clientSecret needs clientId/);
});

test('scope must ask for an ID token; authorizationParams may not override the flow', () => {
  configError({ ...CODE, scope: 'profile email' }, /scope must include "openid"/);
  configError({ ...CODE, authorizationParams: { state: 'fixed' } }, /authorizationParams may not set state/);
  configError({ ...CODE, authorizationParams: { code_challenge_method: 'plain' } }, /may not set code_challenge_method/);
  configError({ ...CODE, authorizationParams: { kc_idp_hint: 3 } }, /authorizationParams.kc_idp_hint must be a string/);
  configError({ ...CODE, authorizationParams: 'x' }, /authorizationParams must be an object/);
  assert.equal(typeof nodeRedAuthJwt({ ...CODE, scope: 'openid email', prompt: 'login', authorizationParams: { kc_idp_hint: 'github' } }), 'object');
});

test('a remote key needs an audience, unless explicitly waived', () => {
  configError({ jwksUri: 'https://sso.example.com/jwks', users: USERS }, /with jwksUri or discovery, set audience \(or clientId\)/);
  configError({ discovery: true, issuer: ISSUER, users: USERS }, /set audience \(or clientId\)/);
  configError({ jwksUri: 'https://sso.example.com/jwks', audience: 'a', allowUnsafe: ['any-audience'], users: USERS }, /contradict/);
  const seen = warnings(() => nodeRedAuthJwt({ jwksUri: 'https://sso.example.com/jwks', allowUnsafe: ['any-audience'], users: USERS }));
  assert.ok(seen.some((line) => /allowUnsafe "any-audience"/.test(line)), 'the waiver is repeated at start-up');
  // A local key is the operator's own: no audience needed.
  assert.equal(typeof nodeRedAuthJwt({ secret: 'x'.repeat(32), users: USERS }), 'object');
});

test('loginURL: {nonce} needs {state}; no {state} is a start-up warning about login CSRF', () => {
  const base = { secret: 'x'.repeat(32), users: USERS, baseURL: 'https://nr.example.com/' };
  configError({ ...base, loginURL: 'https://sso.example.com/auth?nonce={nonce}' }, /\{nonce\} without \{state\}/);
  const seen = warnings(() => nodeRedAuthJwt({ ...base, loginURL: 'https://sso.example.com/auth?redirect_uri={redirect}' }));
  assert.equal(seen.length, 1);
  assert.match(seen[0], /login CSRF/);
  assert.deepEqual(warnings(() => nodeRedAuthJwt({ ...base, loginURL: 'https://sso.example.com/auth?state={state}&nonce={nonce}' })), []);
});

test('boolean options are booleans', () => {
  configError({ ...CODE, sessionEndsWithToken: 'no' }, /sessionEndsWithToken must be true or false/);
  configError({ ...CODE, requireVerifiedEmail: 0 }, /requireVerifiedEmail must be true or false/);
});

test('logoutRedirect builds the editorTheme.logout.redirect value', () => {
  assert.equal(nodeRedAuthJwt.logoutRedirect(), 'auth/strategy?logout');
  assert.equal(nodeRedAuthJwt.logoutRedirect('https://nr.example.com/admin'), 'https://nr.example.com/admin/auth/strategy?logout');
  assert.throws(() => nodeRedAuthJwt.logoutRedirect('nr.example.com'), /baseURL must be an absolute URL/);
  assert.throws(() => nodeRedAuthJwt.logoutRedirect('javascript:alert(1)'), /http: or https:/);
});

test('ID token rules: exp, iat, azp with several audiences, nonce, and the same person on refresh', () => {
  const good = { sub: 'u1', aud: 'node-red', exp: 2, iat: 1, nonce: 'n-1' };
  assert.equal(checkIdTokenClaims(good, { clientId: 'node-red', nonce: 'n-1' }), null);
  const fails = (payload, expected, pattern) => {
    const err = checkIdTokenClaims(payload, { clientId: 'node-red', ...expected });
    assert.ok(err instanceof Error, JSON.stringify(payload));
    assert.equal(err.code, 'ERR_OIDC_ID_TOKEN');
    assert.match(err.message, pattern);
  };
  fails({ ...good, exp: undefined }, {}, /no exp/);
  fails({ ...good, iat: '1' }, {}, /no iat/);
  fails({ ...good, aud: ['node-red', 'other'] }, {}, /another client/);
  fails({ ...good, aud: ['node-red', 'other'], azp: 'other' }, {}, /another client/);
  assert.equal(checkIdTokenClaims({ ...good, aud: ['node-red', 'other'], azp: 'node-red' }, { clientId: 'node-red' }), null);
  fails({ ...good, azp: 'other' }, {}, /another client/);
  fails(good, { nonce: 'n-2' }, /nonce/);
  fails({ ...good, nonce: undefined }, { nonce: 'n-1' }, /nonce/);
  fails({ ...good, nonce: { toString: () => 'n-1' } }, { nonce: 'n-1' }, /nonce/);
  fails(good, { sub: 'u2' }, /someone else/);
});

test('discovery metadata: exact issuer, https endpoints (http only on loopback), PKCE S256', () => {
  const doc = {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/auth`,
    token_endpoint: `${ISSUER}/token`,
    end_session_endpoint: `${ISSUER}/logout`,
    code_challenge_methods_supported: ['S256'],
  };
  const found = parseMetadata(JSON.stringify(doc), ISSUER);
  assert.equal(found.tokenEndpoint, `${ISSUER}/token`);
  const refused = (changed, pattern) => assert.throws(() => parseMetadata(JSON.stringify({ ...doc, ...changed }), ISSUER), pattern);
  refused({ issuer: `${ISSUER}/` }, /different issuer/);
  refused({ token_endpoint: 'http://sso.example.com/token' }, /https/);
  refused({ authorization_endpoint: undefined }, /no "authorization_endpoint"/);
  refused({ code_challenge_methods_supported: ['plain'] }, /PKCE with S256/);
  assert.equal(parseMetadata(JSON.stringify({ ...doc, end_session_endpoint: undefined }), ISSUER).endSessionEndpoint, null);
  assert.throws(() => parseMetadata('{', ISSUER), /not valid JSON/);
  assert.throws(() => parseMetadata('[]', ISSUER), /not a JSON object/);
});

test('sealed values: only this process opens them, for their purpose, unchanged and before they expire', async () => {
  const { createSealer } = require('../lib/oidc/sealed');
  const sealer = createSealer();
  const sealed = sealer.seal('signin', { state: 's', nonce: 'n' }, 60000);
  assert.deepEqual(sealer.open('signin', sealed), { state: 's', nonce: 'n' });
  assert.equal(sealer.open('session', sealed), null, 'sealed for another purpose');
  assert.equal(createSealer().open('signin', sealed), null, 'another process (a restart) cannot open it');
  const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
  assert.equal(sealer.open('signin', flipped), null, 'changed');
  for (const junk of [undefined, '', 'x', 'a'.repeat(9000), { toString: () => sealed }, '***']) assert.equal(sealer.open('signin', junk), null);
  const brief = sealer.seal('signin', { state: 's' }, 1);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(sealer.open('signin', brief), null, 'expired');
});
