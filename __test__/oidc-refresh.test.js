'use strict';
// Short provider tokens on a real Node-RED 4.1 against a real OpenID provider: with a refresh token the server
// keeps the session alive (the refresh token never reaches the browser) until the provider refuses a refresh,
// and then the session and its websocket end; without one the session ends at the ID token's exp.
// Also the loginURL (implicit, form_post) mode: a stolen ID token cannot be posted into another sign-in (nonce).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { eventually, within } = require('./support/eventually');
const { startOidcNodeRed, settingsUser, openComms } = require('./support/oidc-node-red');
const { startOidcProvider, PLACEHOLDER_URI } = require('./support/oidc-provider');
const { startNodeRed } = require('./support/node-red');
const { signInOverHttp, CookieJar } = require('./support/oidc-login');
const { request, sessionMessages } = require('./support/node-red-client');
const { MESSAGES } = require('../lib/node-red/messages');

const TTL = 10;



describe(`refreshed sessions (ID tokens live ${TTL} s), Node-RED 4.1`, () => {
  let op;
  let setup;
  before(async () => {
    op = await startOidcProvider({
      idTokenTTL: TTL,
      clients: [
        { client_id: 'nr-public', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] },
        { client_id: 'nr-norefresh', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] },
      ],
    });
    setup = { op, public: await startOidcNodeRed({ op, clientId: 'nr-public' }) };
  });
  after(async () => {
    // The provider is closed even when Node-RED did not start: a server left listening keeps the file running.
    if (setup) await setup.public.close();
    if (op) await op.close();
  });

  it('a person working on is kept signed in by refreshes; when the provider disables them the session and websocket end', async () => {
    const { op } = setup;
    const { nr } = setup.public;
    const admin = await setup.public.signIn('admin');
    assert.ok(admin.accessToken);
    assert.equal(admin.jar.get(`${nr.url}/`, 'nr-auth-jwt-session') !== null, true);
    const socket = openComms(nr, admin.accessToken);
    assert.deepEqual(await socket.authed, { auth: 'ok' });
    const refreshes = op.stats.refreshGrants;
    // Two token lifetimes later the session is still good, because the server refreshed it.
    await eventually(() => op.stats.refreshGrants >= refreshes + 2, 'two refreshes');
    assert.deepEqual(await settingsUser(nr, admin.accessToken), { username: 'admin', permissions: '*' });

    op.disableAccount('admin');
    try {
      await eventually(async () => (await settingsUser(nr, admin.accessToken)) === 401, 'the session ends after a refused refresh');
      assert.ok(op.stats.refreshRefused >= 1, 'the provider refused a refresh');
      const ended = await within(socket.ended, 20000);
      assert.ok(ended, 'the websocket was closed');
      assert.deepEqual(ended.messages.at(-1), { auth: 'fail' });
    } finally {
      socket.close();
      op.enableAccount('admin');
    }
    assert.ok(nr.alive);
  });

  it('without a refresh token the session ends at the ID token exp', async () => {
    const noRefresh = await startOidcNodeRed({ op: setup.op, clientId: 'nr-norefresh' });
    try {
      const reader = await noRefresh.signIn('reader');
      assert.deepEqual(await settingsUser(noRefresh.nr, reader.accessToken), { username: 'reader', permissions: 'read' });
      await eventually(async () => (await settingsUser(noRefresh.nr, reader.accessToken)) === 401, 'the session ends at exp');
    } finally {
      await noRefresh.close();
    }
  });
});

describe('loginURL mode (implicit, form_post): the ID token must answer this browser\'s nonce', () => {
  let op;
  let nr;
  before(async () => {
    op = await startOidcProvider({});
    const loginURL = `${op.issuer}/auth?client_id=nr-implicit&response_type=id_token&response_mode=form_post&scope=openid%20profile` +
      '&redirect_uri={redirect}&state={state}&nonce={nonce}';
    // No baseURL: {redirect} is the address the browser came to, which the provider checks against its list.
    nr = await startNodeRed({ version: 4, optionsSource: `{ discovery: true, issuer: ${JSON.stringify(op.issuer)}, audience: 'nr-implicit',
      usernameClaim: 'preferred_username', users: [{ username: 'admin', permissions: '*' }], loginURL: ${JSON.stringify(loginURL)},
      callbackMethod: 'POST', tokenQueryParameter: 'id_token' }` });
    op.setRedirectUris('nr-implicit', [`${nr.url}/auth/strategy/callback`], [`${nr.url}/`]);
  });
  after(async () => {
    if (nr) await nr.dispose();
    if (op) await op.close();
  });

  it('signs in, and refuses the same ID token posted into a sign-in the attacker started', async () => {
    const isCallback = (url) => new URL(url).pathname === '/auth/strategy/callback';
    const victim = await signInOverHttp({ startUrl: `${nr.url}/auth/strategy`, home: nr.url, username: 'admin', password: 'admin-pass', stopAt: isCallback });
    assert.ok(victim.form && victim.form.id_token, 'the provider posts an ID token back');
    const attacker = new CookieJar();
    const start = await fetch(`${nr.url}/auth/strategy`, { redirect: 'manual' });
    attacker.store(`${nr.url}/`, start.headers.getSetCookie());
    const state = new URL(start.headers.get('location')).searchParams.get('state');
    const stolen = await request(nr, '/auth/strategy/callback', { form: { id_token: victim.form.id_token, state }, cookie: attacker.header(`${nr.url}/auth/strategy/callback`) });
    assert.equal(stolen.status, 302);
    assert.doesNotMatch(stolen.headers.location, /access_token=/);
    const cookie = (stolen.headers['set-cookie'] || []).map((l) => l.split(';')[0]).join('; ');
    assert.deepEqual((await sessionMessages(nr, cookie)).messages, [MESSAGES.rejected]);
    // The victim's own post goes through.
    const own = await request(nr, '/auth/strategy/callback', { form: victim.form, cookie: victim.jar.header(`${nr.url}/auth/strategy/callback`) });
    assert.match(own.headers.location, /access_token=/);
  });
});
