'use strict';
// Reverse-proxy presets: the provider facts each one fills in (checked without any network), their start-up
// errors, and each one end to end on a real Node-RED 4.1 whose key set is served by a local server on
// 127.0.0.1 (real provider hosts are never contacted).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');

const nodeRedAuthJwt = require('..');
const jwksModule = require('../lib/remote-keys/jwks');
const { presets } = nodeRedAuthJwt;
const { startJwksServer, SigningKey } = require('./support/jwks-server');
const { NodeRed, settingsSource } = require('./support/node-red');
const { request, signIn, bearer } = require('./support/node-red-client');

const ADMIN = [{ username: 'alice@example.com', permissions: '*' }];
const now = () => Math.floor(Date.now() / 1000);

/**
 * Builds a preset with spies on the key set: what it was created with, and the verify options of the first
 * check. The token checked is junk, which is refused before any fetch, so nothing leaves the process.
 */
async function factsOf(name, options) {
  const created = [];
  const verified = [];
  const originalCreate = jwksModule.createRemoteKeySet;
  const originalVerify = jwksModule.RemoteKeySet.prototype.verify;
  const originalFetch = globalThis.fetch;
  const fetched = [];
  // A guard, not a stub under test: the real provider hosts must never be contacted from here.
  globalThis.fetch = async (url) => {
    fetched.push(String(url));
    throw new Error('no network in this test');
  };
  jwksModule.createRemoteKeySet = (opts) => {
    created.push(opts);
    return originalCreate(opts);
  };
  jwksModule.RemoteKeySet.prototype.verify = function (token, verifyOptions) {
    verified.push(verifyOptions);
    return originalVerify.call(this, token, verifyOptions);
  };
  try {
    const auth = presets[name](options);
    assert.equal(await auth.tokens('not-a-jwt'), null);
    assert.equal(created.length, 1);
    assert.equal(verified.length, 1);
    assert.deepEqual(fetched, [], 'junk is refused before any fetch');
    return { auth, remote: created[0], verify: verified[0] };
  } finally {
    jwksModule.createRemoteKeySet = originalCreate;
    jwksModule.RemoteKeySet.prototype.verify = originalVerify;
    globalThis.fetch = originalFetch;
  }
}

test('cloudflareAccess: team certs endpoint and issuer, RS256, Cf-Access-Jwt-Assertion header, CF_Authorization cookie, email', async () => {
  for (const teamDomain of ['myteam', 'MyTeam.cloudflareaccess.com', 'https://myteam.cloudflareaccess.com/']) {
    const { auth, remote, verify } = await factsOf('cloudflareAccess', { teamDomain, audience: 'aud-tag', users: ADMIN });
    assert.deepEqual(remote, { jwksUri: 'https://myteam.cloudflareaccess.com/cdn-cgi/access/certs' });
    assert.deepEqual(verify.issuer, ['https://myteam.cloudflareaccess.com']);
    assert.equal(verify.audience, 'aud-tag');
    assert.deepEqual(verify.algorithms, ['RS256']);
    assert.equal(auth.tokenHeader, 'cf-access-jwt-assertion');
    assert.equal(auth.strategy.autoLogin, true);
    assert.equal(auth.type, 'strategy');
  }
});

test('googleIap: gstatic JWKS, issuer https://cloud.google.com/iap, ES256, x-goog-iap-jwt-assertion, 30 s skew', async () => {
  const audience = '/projects/123456/global/backendServices/987';
  const { auth, remote, verify } = await factsOf('googleIap', { audience, users: ADMIN });
  assert.deepEqual(remote, { jwksUri: 'https://www.gstatic.com/iap/verify/public_key-jwk' });
  assert.deepEqual(verify.issuer, ['https://cloud.google.com/iap']);
  assert.equal(verify.audience, audience);
  assert.deepEqual(verify.algorithms, ['ES256']);
  assert.equal(verify.clockTolerance, 30);
  assert.equal(auth.tokenHeader, 'x-goog-iap-jwt-assertion');
  assert.equal(auth.strategy.autoLogin, true);
});

test('pomerium: the route domain as aud and iss, its /.well-known/pomerium/jwks.json, ES256, X-Pomerium-Jwt-Assertion', async () => {
  const { auth, remote, verify } = await factsOf('pomerium', { domain: 'nodered.corp.example.com', users: ADMIN });
  assert.deepEqual(remote, { jwksUri: 'https://nodered.corp.example.com/.well-known/pomerium/jwks.json' });
  assert.deepEqual(verify.issuer, ['nodered.corp.example.com']);
  assert.equal(verify.audience, 'nodered.corp.example.com');
  assert.deepEqual(verify.algorithms, ['ES256']);
  assert.equal(auth.tokenHeader, 'x-pomerium-jwt-assertion');
  // Pomerium before 0.22 put the authenticate service's domain into iss.
  const older = await factsOf('pomerium', { domain: 'nodered.corp.example.com', issuer: 'authenticate.corp.example.com', users: ADMIN });
  assert.deepEqual(older.verify.issuer, ['authenticate.corp.example.com']);
});

test('oauth2Proxy: the issuer discovery, the ID token as Bearer, or the access token header', async () => {
  const issuer = 'https://sso.example.com/realms/demo';
  const id = await factsOf('oauth2Proxy', { issuer, audience: 'node-red', users: ADMIN });
  assert.deepEqual(id.remote, { discovery: true, issuer });
  assert.deepEqual(id.verify.issuer, [issuer]);
  assert.equal(id.verify.audience, 'node-red');
  assert.equal(id.auth.tokenHeader, undefined, 'Authorization: Bearer, Node-RED\'s default');
  const access = await factsOf('oauth2Proxy', { issuer, audience: 'account', header: 'X-Forwarded-Access-Token', users: ADMIN });
  assert.equal(access.auth.tokenHeader, 'x-forwarded-access-token');
});

test('presets: bad options are start-up errors that say what to set', () => {
  const cases = [
    [() => presets.cloudflareAccess({ audience: 'a', users: ADMIN }), /needs teamDomain/],
    [() => presets.cloudflareAccess({ teamDomain: 'my team!', audience: 'a', users: ADMIN }), /team name such as "myteam"/],
    [() => presets.cloudflareAccess({ teamDomain: 'myteam', users: ADMIN }), /needs audience: the Application Audience \(AUD\) tag/],
    [() => presets.cloudflareAccess({ teamDomain: 'myteam', audience: 'a', secret: 'x'.repeat(32), users: ADMIN }), /sets the key itself; remove secret/],
    [() => presets.cloudflareAccess({ teamDomain: 'myteam', audience: 'a' }), /say who may sign in/],
    [() => presets.cloudflareAccess({ teamDomain: 'myteam', audience: 'a', users: ADMIN, jwksUri: 'http://keys.example.com/certs' }), /https: URL/],
    [() => presets.googleIap({ users: ADMIN }), /needs audience: "\/projects\/PROJECT_NUMBER/],
    [() => presets.googleIap({ audience: 'a', publicKey: 'x', users: ADMIN }), /remove publicKey/],
    [() => presets.pomerium({ users: ADMIN }), /needs domain/],
    [() => presets.pomerium({ domain: 'https://a b', users: ADMIN }), /host name/],
    [() => presets.oauth2Proxy({ audience: 'a', users: ADMIN }), /needs issuer/],
    [() => presets.oauth2Proxy({ issuer: 'https://sso.example.com', users: ADMIN }), /needs audience/],
    [() => presets.oauth2Proxy({ issuer: 'https://sso.example.com', audience: 'a', header: 'x-auth', users: ADMIN }), /header must be/],
    [() => presets.oauth2Proxy({ issuer: 'http://sso.example.com', audience: 'a', users: ADMIN }), /https: URL/],
    [() => presets.oauth2Proxy(undefined), /needs an options object/],
    [() => presets.googleIap({ audience: 'a', users: ADMIN, typo: 1 }), /unknown option typo/],
    [() => presets.cloudflareAccess({ teamDomain: 'myteam', audience: 'a', users: ADMIN, tokenQueryParameter: 'token' }),
      /reads the token only where the proxy puts it; remove tokenQueryParameter/],
    [() => presets.pomerium({ domain: 'a.example.com', users: ADMIN, cookie: 'session' }), /remove cookie/],
    [() => presets.googleIap({ audience: 'a', users: ADMIN, tokenHeader: 'x-token' }), /remove tokenHeader/],
  ];
  for (const [build, message] of cases) {
    assert.throws(build, (err) => err instanceof TypeError && err.code === 'ERR_NODE_RED_AUTH_JWT_CONFIG' && message.test(err.message), String(message));
  }
});

// ---- end to end on Node-RED 4.1 -------------------------------------------------------------------------

async function startPresetNodeRed(t, preset, optionsSource) {
  const nr = new NodeRed({ version: 4, optionsSource: '{}' });
  t.after(() => nr.dispose());
  const text = settingsSource({ optionsSource }).replace('adminAuth: nodeRedAuthJwt(', `adminAuth: nodeRedAuthJwt.presets.${preset}(`);
  assert.ok(text.includes(`nodeRedAuthJwt.presets.${preset}(`), 'the settings call the preset');
  fs.writeFileSync(nr.settingsPath, text);
  await nr.start();
  return nr;
}

async function jwksServer(t, options) {
  const server = await startJwksServer(options);
  t.after(() => server.stop());
  return server;
}

/** Signs in at /auth/strategy and reads the signed-in user back; resolves the username or null. */
async function signedInAs(nr, via) {
  const result = await signIn(nr, via);
  if (!result.accessToken) return null;
  const settings = await request(nr, '/settings', { headers: bearer(result.accessToken) });
  assert.equal(settings.status, 200);
  return settings.json().user.username;
}

async function assertAutoLogin(nr) {
  const login = await request(nr, '/auth/login');
  assert.equal(login.status, 200);
  assert.equal(login.json().type, 'strategy');
  assert.equal(login.json().autoLogin, true);
}

test('cloudflareAccess on Node-RED 4.1: header or cookie signs in; a wrong audience does not', async (t) => {
  const idp = await jwksServer(t, { jwksPath: '/cdn-cgi/access/certs', keys: [['cf-1', 'RS256']] });
  const nr = await startPresetNodeRed(t, 'cloudflareAccess', JSON.stringify({
    teamDomain: 'myteam', audience: 'aud-tag-1', issuer: idp.issuer, users: [...ADMIN, { username: 'mallory@example.com', permissions: '*' }],
  }));
  await assertAutoLogin(nr);
  const key = idp.key('cf-1');
  const claims = { email: 'alice@example.com', sub: 'u-1', iss: idp.issuer, type: 'app', exp: now() + 300 };
  const good = key.sign({ ...claims, aud: ['aud-tag-1'] });
  const wrongAud = key.sign({ ...claims, aud: ['another-app'] });
  const forged = new SigningKey('cf-1', 'RS256').sign({ ...claims, aud: ['aud-tag-1'] });

  assert.equal(await signedInAs(nr, { headers: { 'cf-access-jwt-assertion': good } }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { cookie: `CF_Authorization=${good}` }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { headers: { 'cf-access-jwt-assertion': wrongAud } }), null);
  assert.equal(await signedInAs(nr, { cookie: `CF_Authorization=${wrongAud}` }), null);
  assert.equal(await signedInAs(nr, { headers: { 'cf-access-jwt-assertion': forged } }), null);

  // Only what the proxy asserts picks the identity: a valid token of someone else in a ?token= link, in the form
  // field or in another cookie does not, and the proxy's header wins over a cookie set beside it.
  const mallory = key.sign({ ...claims, email: 'mallory@example.com', aud: ['aud-tag-1'] });
  assert.equal(await signedInAs(nr, { headers: { 'cf-access-jwt-assertion': mallory } }), 'mallory@example.com', 'mallory may sign in herself');
  assert.equal(await signedInAs(nr, { query: { token: mallory } }), null);
  assert.equal(await signedInAs(nr, { query: { token: mallory }, headers: { 'cf-access-jwt-assertion': good } }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { query: { token: mallory }, cookie: `CF_Authorization=${good}` }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { cookie: `token=${mallory}; jwt=${mallory}` }), null);
  assert.equal(await signedInAs(nr, { cookie: `CF_Authorization=${mallory}`, headers: { 'cf-access-jwt-assertion': good } }), 'alice@example.com');

  // The admin API reads the same header (the preset sets tokenHeader).
  assert.equal((await request(nr, '/flows', { headers: { 'cf-access-jwt-assertion': good } })).status, 200);
  assert.equal((await request(nr, '/flows', { headers: { 'cf-access-jwt-assertion': wrongAud } })).status, 401);
  assert.equal(idp.fetches(), 1, 'one key set fetch served every check');
  assert.ok(nr.alive);
});

test('googleIap on Node-RED 4.1: the IAP header signs in; a wrong audience does not', async (t) => {
  const idp = await jwksServer(t, { jwksPath: '/iap/verify/public_key-jwk', keys: [['iap-1', 'ES256']] });
  const audience = '/projects/123456/apps/demo-project';
  const nr = await startPresetNodeRed(t, 'googleIap', JSON.stringify({
    audience, issuer: idp.issuer, jwksUri: idp.jwksUri, users: ADMIN,
  }));
  await assertAutoLogin(nr);
  const key = idp.key('iap-1');
  const claims = { email: 'alice@example.com', sub: 'accounts.google.com:1234', iss: idp.issuer, hd: 'example.com', exp: now() + 300 };
  const good = key.sign({ ...claims, aud: audience });
  const wrongAud = key.sign({ ...claims, aud: '/projects/123456/apps/other-project' });

  assert.equal(await signedInAs(nr, { headers: { 'x-goog-iap-jwt-assertion': good } }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { headers: { 'x-goog-iap-jwt-assertion': wrongAud } }), null);
  assert.equal(await signedInAs(nr, { headers: bearer(good) }), null, 'only the IAP header is read');
  assert.equal((await request(nr, '/flows', { headers: { 'x-goog-iap-jwt-assertion': good } })).status, 200);
  assert.equal((await request(nr, '/flows', { headers: { 'x-goog-iap-jwt-assertion': wrongAud } })).status, 401);
});

test('pomerium on Node-RED 4.1: X-Pomerium-Jwt-Assertion signs in; a wrong audience does not', async (t) => {
  const idp = await jwksServer(t, { jwksPath: '/.well-known/pomerium/jwks.json', keys: [['pom-1', 'ES256']] });
  const domain = 'nodered.corp.example.com';
  const nr = await startPresetNodeRed(t, 'pomerium', JSON.stringify({ domain, jwksUri: idp.jwksUri, users: ADMIN }));
  await assertAutoLogin(nr);
  const key = idp.key('pom-1');
  const claims = { email: 'alice@example.com', sub: 'user-1', iss: domain, exp: now() + 300 };
  const good = key.sign({ ...claims, aud: domain });
  const wrongAud = key.sign({ ...claims, aud: 'grafana.corp.example.com' });

  assert.equal(await signedInAs(nr, { headers: { 'x-pomerium-jwt-assertion': good } }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { headers: { 'x-pomerium-jwt-assertion': wrongAud } }), null);
  assert.equal((await request(nr, '/flows', { headers: { 'x-pomerium-jwt-assertion': good } })).status, 200);
  assert.equal((await request(nr, '/flows', { headers: { 'x-pomerium-jwt-assertion': wrongAud } })).status, 401);
});

test('oauth2Proxy on Node-RED 4.1: the forwarded ID token, verified through discovery, signs in; a wrong audience does not', async (t) => {
  const idp = await jwksServer(t, { issuerPath: '/realms/demo', jwksPath: '/realms/demo/protocol/openid-connect/certs', keys: [['kc-1', 'RS256']] });
  const nr = await startPresetNodeRed(t, 'oauth2Proxy', JSON.stringify({ issuer: idp.issuer, audience: 'node-red', users: ADMIN }));
  await assertAutoLogin(nr);
  const key = idp.key('kc-1');
  const claims = { email: 'alice@example.com', sub: 'kc-user-1', iss: idp.issuer, exp: now() + 300 };
  const good = key.sign({ ...claims, aud: 'node-red' });
  const wrongAud = key.sign({ ...claims, aud: 'grafana' });

  assert.equal(await signedInAs(nr, { headers: bearer(good) }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { headers: bearer(wrongAud) }), null);
  assert.equal((await request(nr, '/flows', { headers: bearer(good) })).status, 200);
  assert.equal((await request(nr, '/flows', { headers: bearer(wrongAud) })).status, 401);
  assert.equal(idp.discoveryFetches, 1);
  assert.equal(idp.fetches(), 1);
});

test('oauth2Proxy with the access token header on Node-RED 4.1', async (t) => {
  const idp = await jwksServer(t, { issuerPath: '/realms/demo', jwksPath: '/realms/demo/protocol/openid-connect/certs', keys: [['kc-1', 'RS256']] });
  const nr = await startPresetNodeRed(t, 'oauth2Proxy', JSON.stringify({
    issuer: idp.issuer, audience: 'account', header: 'x-forwarded-access-token', users: ADMIN,
  }));
  const key = idp.key('kc-1');
  const claims = { email: 'alice@example.com', sub: 'kc-user-1', iss: idp.issuer, exp: now() + 300 };
  const good = key.sign({ ...claims, aud: 'account' });
  assert.equal(await signedInAs(nr, { headers: { 'x-forwarded-access-token': good } }), 'alice@example.com');
  assert.equal(await signedInAs(nr, { headers: { 'x-forwarded-access-token': key.sign({ ...claims, aud: 'other' }) } }), null);
  assert.equal(await signedInAs(nr, { headers: bearer(good) }), null, 'only the configured header is read');
});

// ---- README recipes for providers that need no preset --------------------------------------------------
// Each recipe is the README's settings with the provider's host replaced by the local server, exercised
// through the factory's admin-API path (discovery, key set, claims, user mapping).

const RECIPES = {
  keycloak: {
    server: { issuerPath: '/realms/home', jwksPath: '/realms/home/protocol/openid-connect/certs' },
    options: (issuer) => ({
      issuer,
      discovery: true,
      audience: 'node-red',
      usernameClaim: 'preferred_username',
      permissionsClaim: 'realm_access.roles',
      roles: { 'node-red-admin': '*', 'node-red-viewer': 'read' },
      baseURL: 'https://nodered.example.com/',
      loginURL: `${issuer}/protocol/openid-connect/auth?client_id=node-red&response_type=id_token&response_mode=form_post&scope=openid&redirect_uri={redirect}&state={state}&nonce={state}`,
      callbackMethod: 'POST',
      tokenQueryParameter: 'id_token',
    }),
    claims: (issuer) => ({ iss: issuer, aud: 'node-red', azp: 'node-red', preferred_username: 'alice', realm_access: { roles: ['offline_access', 'node-red-admin'] } }),
    expect: { username: 'alice', permissions: '*' },
  },
  auth0: {
    server: { issuerPath: '/', jwksPath: '/.well-known/jwks.json' },
    options: (issuer) => ({
      issuer, // Auth0's issuer ends in "/"
      discovery: true,
      audience: 'AUTH0_CLIENT_ID',
      usernameClaim: 'email',
      users: [{ username: 'alice@example.com', permissions: '*' }],
      baseURL: 'https://nodered.example.com/',
      loginURL: `${issuer}authorize?client_id=AUTH0_CLIENT_ID&response_type=id_token&response_mode=form_post&scope=openid%20email&redirect_uri={redirect}&state={state}&nonce={state}`,
      callbackMethod: 'POST',
      tokenQueryParameter: 'id_token',
    }),
    claims: (issuer) => ({ iss: issuer, aud: 'AUTH0_CLIENT_ID', sub: 'auth0|1', email: 'alice@example.com', email_verified: true }),
    expect: { username: 'alice@example.com', permissions: '*' },
  },
  entraId: {
    server: { issuerPath: '/00000000-0000-0000-0000-00000000abcd/v2.0', jwksPath: '/00000000-0000-0000-0000-00000000abcd/discovery/v2.0/keys' },
    options: (issuer) => ({
      issuer,
      discovery: true,
      audience: '11111111-2222-3333-4444-555555555555',
      usernameClaim: 'preferred_username',
      permissionsClaim: 'roles',
      roles: { 'NodeRed.Admin': '*', 'NodeRed.Reader': 'read' },
      baseURL: 'https://nodered.example.com/',
      loginURL: `${issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/authorize?client_id=11111111-2222-3333-4444-555555555555&response_type=id_token&response_mode=form_post&scope=openid%20profile&redirect_uri={redirect}&state={state}&nonce={state}`,
      callbackMethod: 'POST',
      tokenQueryParameter: 'id_token',
    }),
    claims: (issuer) => ({ iss: issuer, aud: '11111111-2222-3333-4444-555555555555', tid: '00000000-0000-0000-0000-00000000abcd', preferred_username: 'alice@contoso.example', roles: ['NodeRed.Reader'] }),
    expect: { username: 'alice@contoso.example', permissions: 'read' },
  },
  authentik: {
    server: { issuerPath: '/application/o/node-red/', jwksPath: '/application/o/node-red/jwks/' },
    options: (issuer) => ({
      issuer, // authentik's issuer ends in "/"
      discovery: true,
      audience: 'AUTHENTIK_CLIENT_ID',
      usernameClaim: 'preferred_username',
      permissionsClaim: 'groups',
      roles: { 'Node-RED Admins': '*' },
      baseURL: 'https://nodered.example.com/',
      loginURL: `${new URL(issuer).origin}/application/o/authorize/?client_id=AUTHENTIK_CLIENT_ID&response_type=id_token&response_mode=form_post&scope=openid%20profile%20email&redirect_uri={redirect}&state={state}&nonce={state}`,
      callbackMethod: 'POST',
      tokenQueryParameter: 'id_token',
    }),
    claims: (issuer) => ({ iss: issuer, aud: 'AUTHENTIK_CLIENT_ID', preferred_username: 'alice', groups: ['Node-RED Admins', 'Staff'] }),
    expect: { username: 'alice', permissions: '*' },
  },
};

for (const [name, recipe] of Object.entries(RECIPES)) {
  test(`README recipe ${name}: discovery from its issuer shape, its claims map to a Node-RED user; a wrong audience does not`, async (t) => {
    const idp = await jwksServer(t, { ...recipe.server, keys: [[`${name}-1`, 'RS256']] });
    const auth = nodeRedAuthJwt(recipe.options(idp.issuer));
    assert.equal(auth.type, 'strategy');
    const key = idp.key(`${name}-1`);
    const claims = { ...recipe.claims(idp.issuer), exp: now() + 300 };
    const user = await auth.tokens(key.sign(claims));
    assert.ok(user, 'signed in');
    assert.equal(user.username, recipe.expect.username);
    assert.deepEqual([user.permissions].flat(), [recipe.expect.permissions]);
    assert.equal(await auth.tokens(key.sign({ ...claims, aud: 'some-other-client' })), null);
    assert.equal(await auth.tokens(key.sign({ ...claims, iss: 'https://evil.example.com/' })), null);
    assert.equal(await auth.tokens(new SigningKey(`${name}-1`, 'RS256').sign(claims)), null);
    assert.equal(idp.discoveryFetches, 1);
    assert.equal(idp.fetches(), 1);
  });
}

test('README recipe keycloak on Node-RED 4.1: loginURL with {state}, then the form_post callback signs in once', async (t) => {
  const recipe = RECIPES.keycloak;
  const idp = await jwksServer(t, { ...recipe.server, keys: [['kc-1', 'RS256']] });
  const options = recipe.options(idp.issuer);
  const nr = new NodeRed({ version: 4, optionsSource: JSON.stringify(options) });
  t.after(() => nr.dispose());
  await nr.start();

  const start = await signIn(nr, {});
  assert.equal(start.status, 302);
  const location = new URL(start.location);
  assert.equal(`${location.origin}${location.pathname}`, `${idp.issuer}/protocol/openid-connect/auth`);
  assert.equal(location.searchParams.get('redirect_uri'), 'https://nodered.example.com/auth/strategy/callback');
  const state = location.searchParams.get('state');
  assert.ok(state && state.length >= 16);
  assert.equal(location.searchParams.get('nonce'), state);

  const callback = (cookie, form) => signIn(nr, { path: '/auth/strategy/callback', method: 'POST', form, cookie });
  const wrongAud = idp.key('kc-1').sign({ ...recipe.claims(idp.issuer), aud: 'grafana', exp: now() + 300 });
  assert.equal((await callback(start.cookie, { id_token: wrongAud, state })).accessToken, null);

  const again = await signIn(nr, {});
  const freshState = new URL(again.location).searchParams.get('state');
  // An ID token answers one sign-in: one made for the first state does not sign in to the second.
  const stale = idp.key('kc-1').sign({ ...recipe.claims(idp.issuer), nonce: state, exp: now() + 300 });
  assert.equal((await callback(again.cookie, { id_token: stale, state: freshState })).accessToken, null);
  const retry = await signIn(nr, {});
  const retryState = new URL(retry.location).searchParams.get('state');
  const token = idp.key('kc-1').sign({ ...recipe.claims(idp.issuer), nonce: retryState, exp: now() + 300 });
  const done = await callback(retry.cookie, { id_token: token, state: retryState });
  assert.ok(done.accessToken, 'signed in');
  const settings = await request(nr, '/settings', { headers: bearer(done.accessToken) });
  assert.equal(settings.json().user.username, 'alice');
  // The state is single-use: replaying the same callback does not sign in again.
  assert.equal((await callback(retry.cookie, { id_token: token, state: retryState })).accessToken, null);
});
