'use strict';
// Dashboard 2 behind httpNode in a real Node-RED 4.1: `httpNodeAuth` (everything under httpNodeRoot) and
// `dashboard.ioMiddleware` (its socket.io). An anonymous Chromium is sent to the tests' OpenID provider, signs
// in, comes back to the page and sees the widget (which Dashboard 2 renders only over its socket.io
// connection); without the session cookie the socket.io connect is refused; someone without the rule's group
// gets a 403; an API caller gets the 401 instead of a redirect.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { NodeRed } = require('./support/node-red');
const { startOidcProvider } = require('./support/oidc-provider');
const { signInOverHttp, CookieJar } = require('./support/oidc-login');
const { launchBrowser, withPage } = require('./support/browser');
const { request, bearer } = require('./support/node-red-client');
const { eventually } = require('./support/eventually');
const { installInto, FLOWS, WIDGET_TEXT, socketIoConnect } = require('./support/dashboard');
const { EDITOR_THEME } = require('./support/oidc-node-red');
const { FLOWS: HTTP_FLOWS } = require('./support/flows-node-red');

const CLIENT = 'nr-public';
// httpNodeRoot away from the editor's root: paths, the redirect URI, cookies and the socket.io check must all
// follow it.
const ROOT = '/flows';

async function startDashboardNodeRed(op) {
  const key = `issuer: ${JSON.stringify(op.issuer)}, discovery: true`;
  const prelude = `
const flowsAuth = nodeRedAuthJwt.httpNode({
  ${key}, clientId: ${JSON.stringify(CLIENT)}, scope: 'openid profile email groups',
  usernameClaim: 'preferred_username', permissionsClaim: 'groups',
  paths: [{ path: '/dashboard', roles: ['nodered-admins'] }],
});`;
  const nr = new NodeRed({
    version: 4,
    prelude,
    optionsSource: `{ ${key}, clientId: ${JSON.stringify(CLIENT)}, usernameClaim: 'preferred_username', users: [{ username: 'admin', permissions: '*' }] }`,
    extra: `${EDITOR_THEME}
  httpNodeAuth: flowsAuth,
  httpNodeMiddleware: flowsAuth,
  httpNodeRoot: ${JSON.stringify(ROOT)},
  dashboard: { ioMiddleware: flowsAuth.socketIo },`,
  });
  installInto(nr.userDir);
  // Dashboard 2's page and the HTTP-in echo routes side by side: one sign-in serves both.
  fs.writeFileSync(path.join(nr.userDir, 'flows.json'), JSON.stringify([...FLOWS, ...HTTP_FLOWS]));
  try {
    await nr.start();
    // The flows (and so Dashboard 2's routes and socket.io server) start a moment after the editor answers.
    await eventually(() => /Dashboard 2\.0 .* started at \/dashboard/.test(nr.log) || /started at \/dashboard/.test(nr.log), 'Dashboard 2 started', 60000);
  } catch (err) {
    await nr.dispose();
    throw err;
  }
  op.setRedirectUris(CLIENT, [`${nr.url}/auth/strategy/callback`, `${nr.url}${ROOT}/_auth/callback`], [`${nr.url}/`]);
  return nr;
}

/**
 * A page visit, the provider's login over HTTP, and the callback: {jar, callback, answer}. (signInOverHttp stops
 * at the first redirect back to Node-RED, which here is the callback itself.)
 */
async function signInFlows(nr, username) {
  const jar = new CookieJar();
  const visit = await request(nr, `${ROOT}/dashboard`, { headers: { accept: 'text/html' } });
  assert.equal(visit.status, 302);
  jar.store(`${nr.url}${ROOT}/dashboard`, visit.headers['set-cookie'] || []);
  const walked = await signInOverHttp({ startUrl: visit.headers.location, home: nr.url, username, password: `${username}-pass`, jar });
  const callback = walked.location;
  assert.ok(callback && callback.startsWith(`${nr.url}${ROOT}/_auth/callback?`), `back at the callback: ${JSON.stringify(walked.steps)}`);
  const answer = await request(nr, new URL(callback).pathname + new URL(callback).search, { headers: { accept: 'text/html' }, cookie: jar.header(callback) });
  jar.store(callback, answer.headers['set-cookie'] || []);
  return { jar, callback, answer };
}

describe('Dashboard 2 behind httpNode: provider sign-in in Chromium, socket.io checked (Node-RED 4.1)', () => {
  let op;
  let nr;
  let browser;

  before(async () => {
    op = await startOidcProvider();
    nr = await startDashboardNodeRed(op);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (nr) await nr.dispose();
    if (op) await op.close();
  });

  it('an anonymous browser is sent to the provider, signs in, sees the widget over socket.io', async (t) => {
    await withPage(t, async (page) => {
      await page.goto(`${nr.url}${ROOT}/dashboard`);
      await page.getByText('Sign in to the test provider').waitFor({ timeout: 20000 });
      assert.equal(new URL(page.url()).origin, op.issuer, 'the browser is at the provider');
      await page.fill('input[name=login]', 'admin');
      await page.fill('input[name=password]', 'admin-pass');
      await page.click('button[type=submit]');
      await page.getByText(WIDGET_TEXT).waitFor({ timeout: 30000 });
      assert.equal(new URL(page.url()).origin, nr.url);
      assert.ok(new URL(page.url()).pathname.startsWith(`${ROOT}/dashboard`), page.url());
      const cookies = await page.context().cookies(`${nr.url}${ROOT}/`);
      const session = cookies.find((c) => c.name === 'nr-auth-jwt-flows');
      assert.ok(session, 'the flows session cookie is set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.path, `${ROOT}/`);
      assert.ok(session.expires > Date.now() / 1000 && session.expires <= Date.now() / 1000 + 301, 'it ends with the ID token');
      // The same session over socket.io by hand: let in.
      const cookie = `nr-auth-jwt-flows=${session.value}`;
      const socket = await socketIoConnect(`${nr.url}${ROOT}`, cookie);
      assert.equal(socket.connected, true, socket.packet);
      // ...but not from a page of another origin, as Dashboard 2's own default check would refuse it.
      const foreign = await socketIoConnect(`${nr.url}${ROOT}`, cookie, { origin: 'http://evil.example' });
      assert.equal(foreign.connected, false, foreign.packet);
      // The same session opens the flows' HTTP-in routes, with the person in msg.req.user (httpNodeAuth and
      // httpNodeMiddleware both mounted: checked once).
      const hello = await request(nr, `${ROOT}/hello`, { cookie });
      assert.equal(hello.status, 200, hello.text);
      assert.equal(hello.json().username, 'admin');
      assert.deepEqual(hello.json().groups, ['nodered-admins']);
    });
  });

  it('without the session cookie the socket.io connection is refused', async () => {
    const anonymous = await socketIoConnect(`${nr.url}${ROOT}`);
    assert.equal(anonymous.connected, false);
    assert.match(anonymous.packet, /^44/);
    assert.match(anonymous.packet, /No auth token/);
    const forged = await socketIoConnect(`${nr.url}${ROOT}`, 'nr-auth-jwt-flows=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(forged.connected, false, forged.packet);
  });

  it('the page without sign-in: an API caller gets 401, a browser the provider; a reader gets 403', async () => {
    const api = await request(nr, `${ROOT}/dashboard`);
    assert.equal(api.status, 401);
    assert.equal(api.headers['www-authenticate'], 'Bearer realm="node-red"');
    const junk = await request(nr, `${ROOT}/dashboard`, { headers: { ...bearer('junk'), accept: 'text/html' } });
    assert.equal(junk.status, 401, 'a browser that sends a token is judged by the token');
    const visit = await request(nr, `${ROOT}/dashboard`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(visit.status, 302);
    assert.equal(new URL(visit.headers.location).origin, op.issuer);
    assert.equal(new URL(visit.headers.location).searchParams.get('redirect_uri'), `${nr.url}${ROOT}/_auth/callback`);

    const { jar } = await signInFlows(nr, 'reader');
    assert.ok(jar.get(`${nr.url}${ROOT}/`, 'nr-auth-jwt-flows'), 'the reader is signed in');
    const denied = await request(nr, `${ROOT}/dashboard`, { headers: { accept: 'text/html' }, cookie: jar.header(`${nr.url}${ROOT}/dashboard`) });
    assert.equal(denied.status, 403);
    const socket = await socketIoConnect(`${nr.url}${ROOT}`, jar.header(`${nr.url}${ROOT}/dashboard`));
    assert.equal(socket.connected, false);
    assert.match(socket.packet, /lacks a role/);
  });

  it('sign-out clears the session; a replayed callback does not sign in again', async () => {
    const { callback, answer, jar } = await signInFlows(nr, 'admin');
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, `${ROOT}/dashboard`);
    assert.equal((await request(nr, `${ROOT}/hello`, { cookie: jar.header(`${nr.url}${ROOT}/hello`) })).status, 200);
    const out = await request(nr, `${ROOT}/_auth/signout`, { cookie: jar.header(`${nr.url}${ROOT}/_auth/signout`) });
    assert.equal(out.status, 200);
    assert.match(out.headers['set-cookie'].join('\n'), /nr-auth-jwt-flows=;/, 'sign-out clears the session cookie');
    const replay = await request(nr, new URL(callback).pathname + new URL(callback).search, { headers: { accept: 'text/html' } });
    assert.equal(replay.status, 401);
    assert.equal(replay.headers['set-cookie'], undefined);
    // Hostile callbacks: objects and arrays where strings belong, junk, markup. Refused, never echoed.
    for (const query of ['state[toString]=x&code[]=1', 'state=%3Cscript%3E&code=%3Cscript%3E', 'error[a]=b', '', 'code=x&state=x&iss[]=y']) {
      const res = await request(nr, `${ROOT}/_auth/callback?${query}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 401, query);
      assert.equal(res.text.includes('<script>'), false);
    }
    assert.equal(nr.alive, true);
  });
});
