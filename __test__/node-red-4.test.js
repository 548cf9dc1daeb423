'use strict';
// The factory in a real Node-RED 4.1 (Node 20), driven over HTTP and the editor websocket: the full matrix.
// Two Node-RED processes, one per settings variant:
//   A: HMAC secret, allow-list `users` plus `permissionsClaim`, sign-in by query, cookie or Authorization header;
//   B: ES256 public key, claims through `roles`, `loginURL` with {redirect} and {state}, POST callback,
//      `tokenHeader`, `autoLogin`; B is also restarted to show that sessions survive.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNodeRed } = require('./support/node-red');
const { request, signIn, sessionMessages, bearer, commsAuth, cookiesOf } = require('./support/node-red-client');
const { SECRET, ISSUER, AUDIENCE, hmacToken, unsignedToken, ecIssuer, junkToken } = require('./support/jwt-fixtures');
const { MESSAGES } = require('../lib/node-red/messages');

const FLOWS = [{ id: 't1', type: 'tab', label: 'T1' }];
const FAIL_LOCATION_41 = '/?session_message=AuthenticationError:%20Unauthorized';

/** A refused sign-in: a redirect without a token, and exactly `message` in the login dialog, no token text. */
async function assertRefused(nr, result, message, tokenText) {
  assert.equal(result.status, 302);
  assert.equal(result.accessToken, null, `no session for: ${message}`);
  assert.equal(result.location, FAIL_LOCATION_41);
  const { messages, page } = await sessionMessages(nr, result.cookie);
  assert.deepEqual(messages, [message]);
  if (tokenText) assert.equal(page.includes(tokenText), false, 'the token must not be echoed');
}

async function settingsUser(nr, token, headers) {
  const res = await request(nr, '/settings', { headers: headers || bearer(token) });
  assert.equal(res.status, 200);
  return res.json().user;
}

describe('Node-RED 4.1, HMAC secret, allow-list users + permissionsClaim', () => {
  let nr;
  const alice = () => hmacToken({ sub: 'alice' });
  const bob = () => hmacToken({ sub: 'bob' });

  before(async () => {
    nr = await startNodeRed({
      version: 4,
      optionsSource: `{
        secret: ${JSON.stringify(SECRET)},
        issuer: ${JSON.stringify(ISSUER)},
        audience: ${JSON.stringify(AUDIENCE)},
        users: [
          { username: 'alice', permissions: '*' },
          { username: 'bob', permissions: 'read' },
          { username: 'dave' },
        ],
        permissionsClaim: 'nr_permissions',
        cookie: 'nr_jwt',
        sessionExpiryTime: 3600,
      }`,
    });
  });
  after(async () => {
    if (nr) await nr.dispose();
  });

  it('GET /auth/login offers the strategy button', async () => {
    const res = await request(nr, '/auth/login');
    assert.deepEqual(res.json(), {
      type: 'strategy',
      prompts: [{ type: 'button', label: 'Sign in with JWT', url: 'auth/strategy', icon: 'fa-key' }],
    });
    assert.equal((await request(nr, '/flows')).status, 401);
  });

  it('signs in with a token in the query; the session can read, deploy and shows the user', async () => {
    const result = await signIn(nr, { query: { token: alice() } });
    assert.equal(result.status, 302);
    assert.match(result.location, /^\/\?access_token=/);
    assert.ok(result.accessToken);
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken) })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken), json: FLOWS })).status, 204);
    assert.deepEqual(await settingsUser(nr, result.accessToken), { username: 'alice', permissions: '*' });
  });

  it('signs in with a token in the cookie', async () => {
    const result = await signIn(nr, { cookie: `other=1; nr_jwt=${bob()}` });
    assert.ok(result.accessToken);
    assert.deepEqual(await settingsUser(nr, result.accessToken), { username: 'bob', permissions: 'read' });
  });

  it('signs in with a token in the Authorization header', async () => {
    const result = await signIn(nr, { headers: bearer(bob()) });
    assert.ok(result.accessToken);
    assert.equal((await settingsUser(nr, result.accessToken)).username, 'bob');
  });

  it('takes the query before the cookie before the header', async () => {
    const both = await signIn(nr, { query: { token: bob() }, cookie: `nr_jwt=${alice()}`, headers: bearer(alice()) });
    assert.equal((await settingsUser(nr, both.accessToken)).username, 'bob');
    const cookieFirst = await signIn(nr, { cookie: `nr_jwt=${bob()}`, headers: bearer(alice()) });
    assert.equal((await settingsUser(nr, cookieFirst.accessToken)).username, 'bob');
  });

  it('a read-only session reads but cannot deploy', async () => {
    const result = await signIn(nr, { query: { token: bob() } });
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken) })).status, 200);
    assert.equal((await request(nr, '/nodes', { headers: bearer(result.accessToken) })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken), json: FLOWS })).status, 401);
  });

  it('an allow-listed user without permissions takes them from the claim', async () => {
    const result = await signIn(nr, { query: { token: hmacToken({ sub: 'dave', nr_permissions: ['flows.read'] }) } });
    assert.ok(result.accessToken);
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken) })).status, 200);
    assert.equal((await request(nr, '/settings', { headers: bearer(result.accessToken) })).status, 401);
  });

  it('refuses: no token, expired, wrong key, alg none, wrong audience, wrong issuer', async () => {
    await assertRefused(nr, await signIn(nr), MESSAGES.noToken);
    const cases = [
      [hmacToken({ sub: 'alice' }, { expiresIn: -60 }), MESSAGES.expired],
      [hmacToken({ sub: 'alice' }, { secret: 'some-other-secret-some-other-secret' }), MESSAGES.invalid],
      [unsignedToken({ sub: 'alice' }), MESSAGES.rejected],
      [hmacToken({ sub: 'alice' }, { audience: 'someone-else' }), MESSAGES.rejected],
      [hmacToken({ sub: 'alice' }, { issuer: 'https://evil.test/' }), MESSAGES.rejected],
      [hmacToken({ sub: 'alice' }, { notBefore: 3600 }), MESSAGES.notYetValid],
    ];
    for (const [token, message] of cases) {
      await assertRefused(nr, await signIn(nr, { query: { token } }), message, token);
    }
  });

  it('refuses a user who is not allowed and one whose token lacks the permissions claim', async () => {
    const carol = hmacToken({ sub: 'carol', nr_permissions: '*' });
    await assertRefused(nr, await signIn(nr, { query: { token: carol } }), MESSAGES.notAllowed, carol);
    const dave = hmacToken({ sub: 'dave' });
    await assertRefused(nr, await signIn(nr, { query: { token: dave } }), MESSAGES.noPermissions, dave);
  });

  it('never echoes what was sent into the login dialog', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await assertRefused(nr, await signIn(nr, { query: { token: hostile } }), MESSAGES.invalid, 'onerror');
    const twice = await signIn(nr, { path: `/auth/strategy?token=${encodeURIComponent(alice())}&token=${encodeURIComponent(bob())}` });
    await assertRefused(nr, twice, MESSAGES.invalid);
  });

  it('admin API with a JWT: read allowed, deploy refused for read-only, expired and foreign tokens refused', async () => {
    assert.equal((await request(nr, '/flows', { headers: bearer(bob()) })).status, 200);
    assert.deepEqual(await settingsUser(nr, bob()), { username: 'bob', permissions: 'read' });
    assert.equal((await request(nr, '/flows', { headers: bearer(bob()), json: FLOWS })).status, 401);
    assert.equal((await request(nr, '/flows', { headers: bearer(alice()), json: FLOWS })).status, 204);
    const refused = [
      hmacToken({ sub: 'bob' }, { expiresIn: -60 }),
      hmacToken({ sub: 'carol', nr_permissions: '*' }),
      hmacToken({ sub: 'dave' }),
      hmacToken({ sub: 'alice' }, { secret: 'some-other-secret-some-other-secret' }),
      hmacToken({ sub: 'alice' }, { audience: 'someone-else' }),
      unsignedToken({ sub: 'alice' }),
    ];
    for (const token of refused) {
      assert.equal((await request(nr, '/flows', { headers: bearer(token) })).status, 401);
    }
  });

  it('the editor websocket /comms accepts a JWT or a session token and refuses the rest', async () => {
    assert.deepEqual(await commsAuth(nr, { auth: alice() }), { message: { auth: 'ok' } });
    const session = await signIn(nr, { query: { token: bob() } });
    assert.deepEqual(await commsAuth(nr, { auth: session.accessToken }), { message: { auth: 'ok' } });
    // Without tokenHeader, Node-RED also checks `Authorization: Bearer` on the upgrade request itself.
    assert.deepEqual(await commsAuth(nr, { auth: bob(), headers: bearer(bob()) }), { message: { auth: 'ok' } });
    assert.match((await commsAuth(nr, { auth: bob(), headers: bearer('junk') })).error, /socket hang up|ECONNRESET/);
    for (const auth of [hmacToken({ sub: 'bob' }, { expiresIn: -60 }), 'junk', unsignedToken({ sub: 'alice' }), 12, { token: 'x' }]) {
      const result = await commsAuth(nr, { auth });
      assert.deepEqual(result.message, { auth: 'fail' }, `refused: ${JSON.stringify(auth)}`);
    }
  });

  it('1000 junk bearer tokens: none accepted, and Node-RED keeps running', async () => {
    const valid = alice();
    const statuses = new Map();
    let next = 0;
    async function worker() {
      while (next < 1000) {
        const token = junkToken(next++, valid);
        const res = await request(nr, '/flows', { headers: bearer(token) });
        statuses.set(res.status, (statuses.get(res.status) || 0) + 1);
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.deepEqual([...statuses], [[401, 1000]]);
    // the same junk through the sign-in route and the websocket
    for (let i = 0; i < 48; i++) {
      const token = junkToken(i, valid);
      if (token.length > 8000) continue; // beyond Node's URL limits; covered by the header flood above
      const result = await signIn(nr, { query: { token } });
      assert.equal(result.accessToken, null);
    }
    for (let i = 0; i < 24; i++) {
      assert.deepEqual((await commsAuth(nr, { auth: junkToken(i, valid) })).message, { auth: 'fail' });
    }
    assert.equal(nr.alive, true);
    assert.equal((await request(nr, '/flows', { headers: bearer(valid) })).status, 200);
    assert.doesNotMatch(nr.log, /Uncaught|Unhandled/i);
  });
});

describe('Node-RED 4.1, ES256 public key, roles claim, loginURL with state, POST callback, tokenHeader', () => {
  let nr;
  const idp = ecIssuer('https://idp.test/realms/home', 'node-red');
  const LOGIN = 'https://idp.test/auth?client_id=node-red&redirect_uri={redirect}&state={state}&response_mode=form_post';
  const CALLBACK = 'https://nodered.test/auth/strategy/callback';
  // An ID token is bound to the sign-in it answers: its nonce is that sign-in's state (the loginURL has no {nonce}).
  // So tokens for sign-ins are functions of the nonce, signed when the handshake's state is known.
  const person = (name, roles) => (nonce) => idp.sign({ sub: `id-${name}`, preferred_username: name, realm_access: { roles }, nonce });
  const forSignIn = (token, state) => (typeof token === 'function' ? token(state) : token);

  // Starts a handshake: the redirect to the provider, with the state and the session cookie it set.
  async function startHandshake() {
    const res = await request(nr, '/auth/strategy');
    assert.equal(res.status, 302);
    const match = /^https:\/\/idp\.test\/auth\?client_id=node-red&redirect_uri=([^&]+)&state=([A-Za-z0-9_-]{32})&response_mode=form_post$/.exec(res.headers.location);
    assert.ok(match, res.headers.location);
    return { redirect: match[1], state: match[2], cookie: cookiesOf(res) };
  }

  function callback(form, cookie) {
    const signed = form.id_token === undefined ? form : { ...form, id_token: forSignIn(form.id_token, form.state) };
    return signIn(nr, { path: '/auth/strategy/callback', method: 'POST', form: signed, cookie });
  }

  async function signInAs(token) {
    const { state, cookie } = await startHandshake();
    const result = await callback({ id_token: token, state }, cookie);
    assert.ok(result.accessToken, result.location);
    return result.accessToken;
  }

  before(async () => {
    nr = await startNodeRed({
      version: 4,
      prelude: `const PUBLIC_KEY = ${JSON.stringify(idp.publicPem)};`,
      optionsSource: `{
        publicKey: PUBLIC_KEY,
        algorithms: ['ES256'],
        issuer: 'https://idp.test/realms/home',
        audience: 'node-red',
        usernameClaim: 'preferred_username',
        permissionsClaim: 'realm_access.roles',
        roles: { 'nr-admin': '*', 'nr-viewer': 'read' },
        loginURL: ${JSON.stringify(LOGIN)},
        baseURL: 'https://nodered.test',
        callbackMethod: 'POST',
        tokenQueryParameter: 'id_token',
        tokenHeader: 'X-Auth-JWT',
        autoLogin: true,
        label: 'Sign in with Test IdP',
        icon: 'fa-user',
      }`,
    });
  });
  after(async () => {
    if (nr) await nr.dispose();
  });

  it('GET /auth/login carries label, icon and autoLogin', async () => {
    assert.deepEqual((await request(nr, '/auth/login')).json(), {
      type: 'strategy',
      autoLogin: true,
      loginRedirect: 'auth/strategy',
      prompts: [{ type: 'button', label: 'Sign in with Test IdP', url: 'auth/strategy', icon: 'fa-user' }],
    });
  });

  it('sends a browser without a token to loginURL with the exact, URL-encoded callback and a fresh state', async () => {
    const first = await startHandshake();
    assert.equal(first.redirect, encodeURIComponent(CALLBACK));
    // The state travels in a sealed cookie: no server-side session for an anonymous visitor.
    assert.match(first.cookie, /^nr-auth-jwt-signin=[A-Za-z0-9_-]+$/);
    const second = await startHandshake();
    assert.notEqual(first.state, second.state);
  });

  it('state round trip: the matching state signs in with the token in the POST body', async () => {
    const { state, cookie } = await startHandshake();
    const result = await callback({ id_token: person('carol', ['nr-admin']), state }, cookie);
    assert.match(result.location, /^\/\?access_token=/);
    assert.deepEqual(await settingsUser(nr, result.accessToken), { username: 'carol', permissions: '*' });
    assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken), json: FLOWS })).status, 204);
  });

  it('state: missing, replayed, wrong or from another session is refused', async () => {
    const token = person('carol', ['nr-admin']);
    const { state, cookie } = await startHandshake();
    await assertRefused(nr, await callback({ id_token: token(state) }, cookie), MESSAGES.state, token(state));

    const used = await startHandshake();
    assert.ok((await callback({ id_token: token, state: used.state }, used.cookie)).accessToken);
    await assertRefused(nr, await callback({ id_token: token, state: used.state }, used.cookie), MESSAGES.state, token(used.state));

    await assertRefused(nr, await callback({ id_token: token, state: `${state.slice(0, -1)}A` }, cookie), MESSAGES.state);
    const other = await startHandshake();
    await assertRefused(nr, await callback({ id_token: token, state: other.state }, cookie), MESSAGES.state);
    await assertRefused(nr, await callback({ id_token: token, state }), MESSAGES.state);
    // the session's own state is still good after those attempts with foreign ones
    assert.ok((await callback({ id_token: token, state }, cookie)).accessToken);
  });

  it('tokenQueryParameter renames the query parameter too; the default name is then ignored', async () => {
    const token = person('carol', ['nr-admin']);
    const { state, cookie } = await startHandshake();
    const renamed = await signIn(nr, { query: { id_token: token(state), state }, cookie });
    assert.ok(renamed.accessToken, renamed.location);
    const other = await startHandshake();
    const oldName = await signIn(nr, { query: { token: token(other.state), state: other.state }, cookie: other.cookie });
    assert.equal(oldName.accessToken, null);
    assert.match(oldName.location, /^https:\/\/idp\.test\/auth\?/);
  });

  it('a provider coming back without a token is refused, not sent round again', async () => {
    const { state, cookie } = await startHandshake();
    const result = await callback({ state, error: 'access_denied' }, cookie);
    await assertRefused(nr, result, MESSAGES.cancelled);
  });

  it('roles: a viewer is read-only; unknown roles or no roles claim are refused; a forged algorithm too', async () => {
    const viewer = await signInAs(person('vic', ['nr-viewer', 'offline_access']));
    assert.equal((await request(nr, '/flows', { headers: bearer(viewer) })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: bearer(viewer), json: FLOWS })).status, 401);
    for (const [token, message] of [
      [person('olga', ['offline_access']), MESSAGES.noPermissions],
      [(nonce) => idp.sign({ preferred_username: 'olga', nonce }), MESSAGES.noPermissions],
      [(nonce) => idp.sign({ realm_access: { roles: ['nr-admin'] }, nonce }), MESSAGES.username],
      [(nonce) => idp.confused({ preferred_username: 'mallory', realm_access: { roles: ['nr-admin'] }, nonce }), MESSAGES.rejected],
      [(nonce) => person('carol', ['nr-admin'])(nonce).replace(/\.[^.]+$/, '.'), MESSAGES.rejected], // signature stripped
      [person('carol', ['nr-admin'])('a-nonce-from-another-sign-in'), MESSAGES.rejected],
    ]) {
      const { state, cookie } = await startHandshake();
      const text = forSignIn(token, state);
      await assertRefused(nr, await callback({ id_token: text, state }, cookie), message, text);
    }
  });

  it('admin API and websocket take the JWT from tokenHeader (and not from Authorization then)', async () => {
    const viewerJwt = person('vic', ['nr-viewer'])();
    assert.equal((await request(nr, '/flows', { headers: { 'x-auth-jwt': viewerJwt } })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: { 'x-auth-jwt': viewerJwt }, json: FLOWS })).status, 401);
    assert.equal((await request(nr, '/flows', { headers: bearer(viewerJwt) })).status, 401);
    assert.equal((await request(nr, '/flows', { headers: { 'x-auth-jwt': idp.sign({ preferred_username: 'vic', realm_access: { roles: ['nr-viewer'] } }, { expiresIn: -5 }) } })).status, 401);
    assert.deepEqual(await commsAuth(nr, { auth: viewerJwt, headers: { 'x-auth-jwt': viewerJwt } }), { message: { auth: 'ok' } });
    assert.match((await commsAuth(nr, { auth: viewerJwt, headers: { 'x-auth-jwt': 'junk' } })).error, /socket hang up|ECONNRESET/);
    assert.deepEqual(await commsAuth(nr, { auth: viewerJwt }), { message: { auth: 'ok' } });
  });

  it('a restart keeps the sessions, with the scope captured at sign-in enforced', async () => {
    const admin = await signInAs(person('carol', ['nr-admin']));
    const viewer = await signInAs(person('vic', ['nr-viewer']));
    await nr.restart();
    assert.equal((await request(nr, '/flows', { headers: bearer(admin) })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: bearer(admin), json: FLOWS })).status, 204);
    assert.equal((await request(nr, '/flows', { headers: bearer(viewer) })).status, 200);
    assert.equal((await request(nr, '/flows', { headers: bearer(viewer), json: FLOWS })).status, 401);
    // The editor is shown the scope the server enforces, after a restart too.
    assert.deepEqual(await settingsUser(nr, admin), { username: 'carol', permissions: '*' });
    assert.deepEqual(await commsAuth(nr, { auth: admin }), { message: { auth: 'ok' } });
    assert.equal((await request(nr, '/flows', { headers: bearer('not-a-session') })).status, 401);
  });
});
