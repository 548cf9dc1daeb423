'use strict';
// The provider's own sign-in on a real Node-RED 4.1 against a real OpenID provider (oidc-provider on 127.0.0.2):
// authorization code + PKCE from discovery, public and confidential clients; state, nonce and PKCE bound to the
// browser (tampered, swapped, replayed); the provider down at the exchange; sign-out reaching the provider.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startOidcNodeRed, settingsUser } = require('./support/oidc-node-red');
const { CookieJar } = require('./support/oidc-login');
const { request, bearer, sessionMessages } = require('./support/node-red-client');
const { MESSAGES } = require('../lib/node-red/messages');

const isCallback = (url) => new URL(url).pathname === '/auth/strategy/callback';

async function deploy(nr, accessToken) {
  return request(nr, '/flows', {
    method: 'POST',
    headers: { ...bearer(accessToken), 'node-red-api-version': 'v2', 'node-red-deployment-type': 'full' },
    json: { flows: [{ id: 'f1', type: 'tab', label: 'deployed by test' }] },
  });
}

// Follows the provider's redirect back to Node-RED's callback with what a test chose, in a given cookie jar.
async function callback(nr, url, jar) {
  return request(nr, new URL(url).pathname + new URL(url).search, { cookie: jar.header(url) });
}

async function refusedWith(nr, response, message) {
  assert.equal(response.status, 302);
  assert.match(response.headers.location, /session_message=/, 'a refused sign-in goes back to the login dialog');
  const cookie = (response.headers['set-cookie'] || []).map((l) => l.split(';')[0]).join('; ');
  assert.deepEqual((await sessionMessages(nr, cookie)).messages, [message]);
}

describe('code flow + PKCE, public client, Node-RED 4.1', () => {
  let setup;
  before(async () => {
    setup = await startOidcNodeRed({ clientId: 'nr-public' });
  });
  after(() => setup && setup.close());

  it('sends the browser to the discovered authorization endpoint with code, state, nonce and an S256 challenge', async () => {
    const { nr, op } = setup;
    const res = await request(nr, '/auth/strategy');
    assert.equal(res.status, 302);
    const to = new URL(res.headers.location);
    assert.equal(`${to.origin}${to.pathname}`, `${op.issuer}/auth`);
    const q = to.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), 'nr-public');
    assert.equal(q.get('redirect_uri'), `${nr.url}/auth/strategy/callback`);
    assert.equal(q.get('scope'), 'openid profile email');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('state'), /^[A-Za-z0-9_-]{32}$/);
    assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
    const cookies = res.headers['set-cookie'];
    assert.equal(cookies.length, 1, 'one sealed cookie, no server-side session for an anonymous request');
    assert.match(cookies[0], /^nr-auth-jwt-signin=[A-Za-z0-9_-]+; Max-Age=600; Path=\/auth\/strategy; .*HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(cookies[0], /Secure/, 'plain http on loopback: no Secure flag, or the browser would drop it');
    const again = await request(nr, '/auth/strategy');
    assert.notEqual(new URL(again.headers.location).searchParams.get('state'), q.get('state'));
  });

  it('admin signs in through the provider and deploys; reader signs in read-only and cannot deploy', async () => {
    const { nr, op } = setup;
    const before = op.stats.codeGrants;
    const admin = await setup.signIn('admin');
    assert.ok(admin.accessToken, `signed in: ${admin.location}`);
    assert.equal(op.stats.codeGrants, before + 1, 'the code was exchanged at the token endpoint');
    assert.deepEqual(await settingsUser(nr, admin.accessToken), { username: 'admin', permissions: '*' });
    assert.equal((await deploy(nr, admin.accessToken)).status, 200);

    const reader = await setup.signIn('reader');
    assert.deepEqual(await settingsUser(nr, reader.accessToken), { username: 'reader', permissions: 'read' });
    assert.equal((await deploy(nr, reader.accessToken)).status, 401);
    assert.equal((await request(nr, '/flows', { headers: bearer(reader.accessToken) })).status, 200);
  });

  it('a token link (?token=) does not sign in when the code flow is configured', async () => {
    const { nr } = setup;
    const res = await request(nr, '/auth/strategy/callback?token=eyJhbGciOiJub25lIn0.e30.');
    await refusedWith(nr, res, MESSAGES.state);
  });

  it('refuses a tampered, missing, swapped or replayed state, and a tampered sign-in cookie', async () => {
    const { nr } = setup;
    // Browser A stops at the provider's redirect back, with a code that is still good.
    const a = await setup.signIn('admin', { stopAt: isCallback });
    const url = new URL(a.location);
    const state = url.searchParams.get('state');

    const tampered = new URL(url);
    tampered.searchParams.set('state', `${state.slice(0, -2)}AA`);
    await refusedWith(nr, await callback(nr, tampered.href, a.jar), MESSAGES.state);

    // Browser B (its own cookie) brings A's callback URL: the state is not B's.
    const b = await setup.signIn('admin', { stopAt: isCallback });
    await refusedWith(nr, await callback(nr, url.href, b.jar), MESSAGES.state);

    // No cookie at all.
    await refusedWith(nr, await callback(nr, url.href, new CookieJar()), MESSAGES.state);

    // A changed sign-in cookie.
    const jar = new CookieJar();
    const sealed = a.jar.get(url.href, 'nr-auth-jwt-signin');
    assert.ok(sealed);
    jar.store(url.href, [`nr-auth-jwt-signin=${sealed.slice(0, 10)}${sealed[10] === 'A' ? 'B' : 'A'}${sealed.slice(11)}; Path=/auth/strategy`]);
    await refusedWith(nr, await callback(nr, url.href, jar), MESSAGES.state);

    // B's own callback still works; replaying it with B's old cookie (a copy kept by an attacker) does not.
    const cookieB = b.jar.header(b.location);
    const good = await request(nr, new URL(b.location).pathname + new URL(b.location).search, { cookie: cookieB });
    assert.equal(good.status, 302);
    assert.match(good.headers.location, /access_token=/);
    const replay = await request(nr, new URL(b.location).pathname + new URL(b.location).search, { cookie: cookieB });
    assert.doesNotMatch(replay.headers.location || '', /access_token=/);
  });

  it('a code sent with another browser\'s PKCE verifier is refused by the provider', async () => {
    const { nr } = setup;
    const a = await setup.signIn('admin', { stopAt: isCallback });
    const b = await setup.signIn('admin', { stopAt: isCallback });
    // B's state and cookie (so B's verifier) with A's code.
    const mixed = new URL(b.location);
    mixed.searchParams.set('code', new URL(a.location).searchParams.get('code'));
    await refusedWith(nr, await callback(nr, mixed.href, b.jar), MESSAGES.providerRefused);
  });

  it('the provider reporting an error (access_denied) is refused without a loop', async () => {
    const { nr } = setup;
    const start = await setup.signIn('admin', { stopAt: isCallback });
    const url = new URL(start.location);
    const denied = `${url.origin}${url.pathname}?error=access_denied&state=${url.searchParams.get('state')}`;
    await refusedWith(nr, await callback(nr, denied, start.jar), MESSAGES.cancelled);
  });

  it('the provider down at the exchange: a clear message, Node-RED stays up, and sign-in works when it is back', async () => {
    const { nr, op } = setup;
    const start = await setup.signIn('reader', { stopAt: isCallback });
    op.setDown('reset');
    try {
      await refusedWith(nr, await callback(nr, start.location, start.jar), MESSAGES.providerUnavailable);
    } finally {
      op.setDown(false);
    }
    assert.ok(nr.alive);
    const again = await setup.signIn('reader');
    assert.deepEqual(await settingsUser(nr, again.accessToken), { username: 'reader', permissions: 'read' });
  });

  it('the provider down when the sign-in starts: a clear message, no redirect, Node-RED stays up', async () => {
    const { nr, op } = setup;
    // A fresh Node-RED has not read the discovery document yet; this one has, so use a new one.
    const cold = await startOidcNodeRed({ op, clientId: 'nr-public' });
    try {
      op.setDown('503');
      const res = await request(cold.nr, '/auth/strategy');
      await refusedWith(cold.nr, res, MESSAGES.providerUnavailable);
      assert.ok(cold.nr.alive);
    } finally {
      op.setDown(false);
      await cold.close();
      setup.register(); // the client's redirect URI is this suite's Node-RED again
    }
    assert.ok(nr.alive);
  });

  it('an ID token the provider issued to another client opens neither the admin API nor the websocket', async () => {
    const { nr, op } = setup;
    const elsewhere = 'http://127.0.0.1:9/other-app/callback';
    op.setRedirectUris('nr-implicit', [elsewhere], [elsewhere]);
    const start = `${op.issuer}/auth?client_id=nr-implicit&response_type=id_token&response_mode=form_post&scope=openid%20profile` +
      `&redirect_uri=${encodeURIComponent(elsewhere)}&state=s-1&nonce=n-1`;
    const { signInOverHttp } = require('./support/oidc-login');
    const other = await signInOverHttp({ startUrl: start, home: 'http://127.0.0.1:9', username: 'admin', password: 'admin-pass', stopAt: (url) => url.startsWith(elsewhere) });
    assert.match(other.form.id_token, /^eyJ/, 'the provider issued an ID token to nr-implicit');
    assert.equal((await request(nr, '/flows', { headers: bearer(other.form.id_token) })).status, 401);
    const { commsAuth } = require('./support/node-red-client');
    assert.deepEqual((await commsAuth(nr, { auth: other.form.id_token })).message, { auth: 'fail' });
  });

  it('a restart keeps a code-flow session, with the permissions it enforces', async () => {
    const { nr } = setup;
    const reader = await setup.signIn('reader');
    assert.deepEqual(await settingsUser(nr, reader.accessToken), { username: 'reader', permissions: 'read' });
    await nr.restart();
    setup.register(); // Node-RED came back on a new port
    assert.deepEqual(await settingsUser(nr, reader.accessToken), { username: 'reader', permissions: 'read' });
    assert.equal((await deploy(nr, reader.accessToken)).status, 401);
    const admin = await setup.signIn('admin');
    assert.equal((await deploy(nr, admin.accessToken)).status, 200);
  });

  it('sign-out revokes the session, ends the provider session with id_token_hint, and the next visit asks who you are', async () => {
    const { nr, op } = setup;
    const admin = await setup.signIn('admin');
    assert.deepEqual(await settingsUser(nr, admin.accessToken), { username: 'admin', permissions: '*' });
    const revoke = await request(nr, '/auth/revoke', { headers: bearer(admin.accessToken), form: { token: admin.accessToken } });
    assert.equal(revoke.status, 200);
    const { redirect } = revoke.json();
    assert.equal(redirect, 'auth/strategy?logout');
    assert.equal(await settingsUser(nr, admin.accessToken), 401);

    // The editor opens the redirect relative to itself, with the browser's cookies.
    const logoutUrl = new URL(redirect, `${nr.url}/`).href;
    const out = await request(nr, new URL(logoutUrl).pathname + new URL(logoutUrl).search, { cookie: admin.jar.header(logoutUrl) });
    assert.equal(out.status, 302);
    const end = new URL(out.headers.location);
    assert.equal(`${end.origin}${end.pathname}`, `${op.issuer}/session/end`);
    assert.match(end.searchParams.get('id_token_hint'), /^eyJ/);
    assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${nr.url}/`);
    assert.match(out.headers['set-cookie'].join('\n'), /nr-auth-jwt-session=;/, 'the session cookie is cleared');

    const endsBefore = op.stats.endSessions;
    const { signInOverHttp } = require('./support/oidc-login');
    const followed = await signInOverHttp({ startUrl: end.href, home: nr.url, jar: admin.jar });
    assert.equal(op.stats.endSessions, endsBefore + 1);
    assert.equal(followed.location, `${nr.url}/`, 'the provider sends the browser back to the editor');

    // The same browser starting a sign-in now meets the provider's login page instead of a silent sign-in.
    const next = await signInOverHttp({ startUrl: `${nr.url}/auth/strategy`, home: nr.url, jar: admin.jar });
    assert.equal(next.location, null);
    assert.match(next.body, /Sign in to the test provider/);
  });
});

describe('code flow, confidential client (client_secret_basic), Node-RED 4.1', () => {
  let setup;
  before(async () => {
    setup = await startOidcNodeRed({ clientId: 'nr-confidential' });
  });
  after(() => setup && setup.close());

  it('signs in with the client secret at the token endpoint', async () => {
    const admin = await setup.signIn('admin');
    assert.deepEqual(await settingsUser(setup.nr, admin.accessToken), { username: 'admin', permissions: '*' });
  });
});
