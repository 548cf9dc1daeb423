'use strict';
// `npm start` for real, on free ports: the demo's OpenID provider and Node-RED 4.1. What it prints is followed
// as a newcomer would: in Chromium through Node-RED's login page and the provider's page into the editor (admin
// deploys, reader cannot, sign-out reaches the provider), and with curl and the CLI for the admin API. Then
// Ctrl-C (SIGINT) to the demo, and SIGTERM to `npm start`, must each leave no process behind.
// With NRAUTH_SCREENSHOTS=<dir> (`npm run screenshots`) the browser steps also save the README's pictures.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startDemo, alive, allGone, ROOT } = require('./support/demo-process');
const { launchBrowser, withPage } = require('./support/browser');
const { signInOverHttp } = require('./support/oidc-login');
const { request } = require('./support/loopback-http');
const { sleep } = require('./support/eventually');

const PROVIDER_HEADING = 'Sign in to the demo identity provider';
const EDITOR_READY = () => Boolean(window.RED && RED.settings && RED.settings.user && RED.workspaces && RED.workspaces.active());
const VIEWPORT = { viewport: { width: 1000, height: 600 } };
const TTL_S = 15;
const SHOTS = process.env.NRAUTH_SCREENSHOTS ? path.resolve(process.env.NRAUTH_SCREENSHOTS) : null;

async function shot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

// The editor's user menu, opened: it names who is signed in. For a picture, the notifications go first.
async function showUserMenu(page, username) {
  if (SHOTS) await page.waitForFunction(() => $('.red-ui-notification:visible').length === 0, null, { timeout: 30000 });
  await page.click('#red-ui-header-button-user');
  const item = page.locator('#usermenu-item-username');
  await item.waitFor({ timeout: 10000 });
  assert.equal((await item.innerText()).trim(), username);
}

const bearer = (token) => ({ Authorization: `Bearer ${token}` });

async function settingsUser(base, accessToken) {
  const res = await request(`${base}settings`, { headers: bearer(accessToken) });
  return res.status === 200 ? JSON.parse(res.body).user : res.status;
}

describe('npm start: a local provider, Node-RED signed in through it, and a clean stop', () => {
  let demo;
  let shown;
  let browser;
  before(async () => {
    // Short ID tokens, so the sessions are renewed while the browser works, and one ends within the test.
    demo = startDemo({ env: { DEMO_ID_TOKEN_TTL: String(TTL_S) } });
    [shown, browser] = await Promise.all([demo.ready, launchBrowser()]);
  });
  after(async () => {
    if (browser) await browser.close();
    if (demo) await demo.cleanup();
  });

  // The newcomer's path: Node-RED's login page, its "Sign in" button, the provider's page, the editor.
  async function signInInBrowser(page, username, shots = {}) {
    await page.goto(shown.base);
    const button = page.locator('#node-dialog-login-fields a.red-ui-button');
    await button.waitFor({ timeout: 30000 });
    assert.equal((await button.innerText()).trim(), 'Sign in');
    if (shots.login) await shot(page, shots.login);
    await button.click();
    await page.getByText(PROVIDER_HEADING).waitFor({ timeout: 20000 });
    assert.ok(page.url().startsWith(`${shown.issuer}/interaction/`), `the provider's page, not ${page.url()}`);
    await page.fill('input[name=login]', username);
    await page.fill('input[name=password]', shown.passwords[username]);
    if (shots.provider) await shot(page, shots.provider);
    await page.click('button[type=submit]');
    await page.waitForFunction(EDITOR_READY, null, { timeout: 30000 });
    assert.ok(page.url().startsWith(shown.base), `back in the editor, not at ${page.url()}`);
    return page.evaluate(() => ({ username: RED.settings.user.username, permissions: RED.settings.user.permissions }));
  }

  it('prints both addresses, the two accounts, and writes the three-option settings file', () => {
    assert.notEqual(new URL(shown.issuer).port, new URL(shown.base).port);
    assert.deepEqual(shown.permissions, { admin: '*', reader: 'read' });
    assert.notEqual(shown.passwords.admin, shown.passwords.reader);
    assert.ok(alive(shown.nodeRedPid) && alive(shown.demoPid));
    const settings = fs.readFileSync(path.join(demo.dir, 'settings.js'), 'utf8');
    assert.ok(settings.includes(`const nodeRedAuthJwt = require(${JSON.stringify(ROOT)});`), settings);
    assert.ok(settings.includes(`issuer: ${JSON.stringify(shown.issuer)},\n    discovery: true,`), settings);
    assert.match(settings, /clientId: "node-red",/);
    assert.match(settings, /logout: \{ redirect: nodeRedAuthJwt\.logoutRedirect\(\) \}/);
    assert.match(settings, /CHANGE: your provider's issuer/);
    assert.equal(fs.statSync(path.join(demo.dir, 'provider-key', 'private.pem')).mode & 0o777, 0o600);
  });

  it('the curl line reads /flows with its JWT; no token, or a tampered one, is 401', async () => {
    assert.equal(shown.apiUrl, `${shown.base}flows`);
    const res = await request(shown.apiUrl, { headers: bearer(shown.apiToken) });
    assert.equal(res.status, 200, res.body);
    assert.ok(Array.isArray(JSON.parse(res.body)));
    assert.equal((await request(shown.apiUrl)).status, 401);
    const [h, , s] = shown.apiToken.split('.');
    const claims = { sub: 'admin', aud: 'node-red', iss: shown.issuer, exp: 4102444800 };
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    assert.equal((await request(shown.apiUrl, { headers: bearer(forged) })).status, 401);
  });

  it('the CLI line prints a token the admin API accepts as admin', async () => {
    const args = shown.cli.split(/\s+/);
    assert.equal(args[0], 'node');
    const token = execFileSync(process.execPath, args.slice(1), { cwd: ROOT, encoding: 'utf8' }).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.deepEqual([claims.sub, claims.iss, claims.aud, claims.exp - claims.iat], ['admin', shown.issuer, 'node-red', 600]);
    assert.deepEqual(await settingsUser(shown.base, token), { username: 'admin', permissions: '*' });
    // The same command for a name that is not on the allow-list is refused.
    const other = execFileSync(process.execPath, args.slice(1).map((a) => (a === 'admin' ? 'mallory' : a)), { cwd: ROOT, encoding: 'utf8' }).trim();
    assert.equal(await settingsUser(shown.base, other), 401);
  });

  it('over HTTP: a wrong password stays at the provider; the printed one signs in', async () => {
    const wrong = await signInOverHttp({ startUrl: `${shown.base}auth/strategy`, username: 'admin', password: 'not-it' });
    assert.equal(wrong.location, null);
    assert.match(wrong.body, /Invalid login/);
    const good = await signInOverHttp({ startUrl: `${shown.base}auth/strategy`, username: 'reader', password: shown.passwords.reader });
    const token = /[?&]access_token=([^&]+)/.exec(good.location || '');
    assert.ok(token, `no session from ${good.location}`);
    assert.deepEqual(await settingsUser(shown.base, token[1]), { username: 'reader', permissions: 'read' });
  });

  it('in Chromium: admin goes login page -> provider -> editor, and deploys', async (t) => {
    await withPage(t, async (page) => {
      const user = await signInInBrowser(page, 'admin', { login: 'demo-1-login.png', provider: 'demo-2-provider.png' });
      assert.deepEqual(user, { username: 'admin', permissions: '*' });
      await page.evaluate(() => {
        RED.view.importNodes([{ id: 'demo-browser-admin', type: 'comment', name: 'signed in through the provider', x: 260, y: 100, z: RED.workspaces.active(), wires: [] }]);
        RED.nodes.dirty(true);
      });
      await page.click('#red-ui-header-button-deploy');
      await page.getByText('Successfully deployed').waitFor({ timeout: 20000 });
      await showUserMenu(page, 'admin');
      await shot(page, 'demo-3-editor-admin.png');
      const flows = await request(shown.apiUrl, { headers: bearer(shown.apiToken) });
      assert.ok(JSON.parse(flows.body).some((n) => n.id === 'demo-browser-admin'), 'the deployed flow holds the node added in the browser');
    }, browser, VIEWPORT);
  });

  it('in Chromium: reader gets a read-only editor; the server refuses a deploy', async (t) => {
    await withPage(t, async (page) => {
      const user = await signInInBrowser(page, 'reader');
      assert.deepEqual(user, { username: 'reader', permissions: 'read' });
      await page.getByText('signed in through the provider').first().waitFor({ timeout: 10000 }); // admin's flow
      assert.equal(await page.evaluate(() => $('#red-ui-header-button-deploy').hasClass('disabled')), true);
      await showUserMenu(page, 'reader');
      await shot(page, 'demo-4-editor-reader.png');
      const status = await page.evaluate(async () => {
        const token = JSON.parse(localStorage.getItem('auth-tokens')).access_token;
        const res = await fetch('flows', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
        return res.status;
      });
      assert.equal(status, 401);
    }, browser, VIEWPORT);
  });

  it('in Chromium: sign-out ends the provider session, so the next sign-in shows the provider page again', async (t) => {
    await withPage(t, async (page) => {
      await signInInBrowser(page, 'admin');
      const token = await page.evaluate(() => JSON.parse(localStorage.getItem('auth-tokens')).access_token);
      const visited = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.push(frame.url());
      });
      await page.evaluate(() => RED.actions.invoke('core:logout') || RED.user.logout());
      await page.locator('#node-dialog-login-fields a.red-ui-button').waitFor({ timeout: 20000 });
      assert.ok(visited.some((u) => u.startsWith(`${shown.issuer}/session/end`)), `sign-out went through the provider: ${visited.join(' ')}`);
      assert.equal(await settingsUser(shown.base, token), 401, 'the Node-RED session is over');
      await page.locator('#node-dialog-login-fields a.red-ui-button').click();
      await page.getByText(PROVIDER_HEADING).waitFor({ timeout: 20000 });
    }, browser, VIEWPORT);
  });

  it('in Chromium: ending only the provider session ends the editor session with its token: the login page is back', async (t) => {
    assert.match(demo.output(), new RegExp(`ID tokens live ${TTL_S} seconds in this demo`));
    assert.ok(demo.output().includes(`open ${shown.issuer}/session/end, and within ${TTL_S} seconds`), 'the output says how to watch it');
    await withPage(t, async (page) => {
      await signInInBrowser(page, 'reader');
      const token = await page.evaluate(() => JSON.parse(localStorage.getItem('auth-tokens')).access_token);
      // Past the first ID token's end the session lives on: renewed with the refresh token.
      await sleep((TTL_S + 3) * 1000);
      assert.deepEqual(await settingsUser(shown.base, token), { username: 'reader', permissions: 'read' });
      // The newcomer's second tab: the provider's sign-out, not Node-RED's.
      const tab = await page.context().newPage();
      await tab.goto(`${shown.issuer}/session/end`);
      await tab.getByText('Signed out of the provider').waitFor({ timeout: 20000 });
      await tab.close();
      // Nothing is done in the editor: the refresh is refused, the session ends, the editor shows its login page.
      await page.locator('#node-dialog-login-fields a.red-ui-button').waitFor({ timeout: 90000 });
      assert.equal(await settingsUser(shown.base, token), 401, 'the Node-RED session is over');
    }, browser, VIEWPORT);
  });

  it('Ctrl-C (SIGINT) stops Node-RED and the provider', async () => {
    demo.proc.kill('SIGINT');
    const { code, signal } = await demo.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, demo.errors());
    assert.match(demo.output(), /SIGINT: stopping Node-RED and the identity provider\.\.\.\nStopped\./);
    assert.equal(await allGone([shown.nodeRedPid, shown.demoPid]), true, `pids ${shown.nodeRedPid}/${shown.demoPid} still running`);
    await assert.rejects(request(`${shown.base}auth/login`), /ECONNREFUSED/);
    await assert.rejects(request(`${shown.issuer}/.well-known/openid-configuration`), /ECONNREFUSED/);
  });
});

describe('SIGTERM stops everything the demo started', () => {
  const demos = [];
  after(async () => {
    for (const demo of demos) await demo.cleanup();
  });

  async function stopsEverything(demo, signalled, expected) {
    demos.push(demo);
    const shown = await demo.ready;
    assert.ok(alive(shown.nodeRedPid) && alive(shown.demoPid));
    process.kill(signalled === 'npm' ? demo.proc.pid : shown.demoPid, 'SIGTERM');
    await demo.exited;
    await demo.closed;
    assert.equal(await allGone([shown.nodeRedPid, shown.demoPid]), true, `pids ${shown.nodeRedPid}/${shown.demoPid} still running:\n${demo.output()}`);
    assert.match(demo.output(), expected);
    await assert.rejects(request(`${shown.base}auth/login`), /ECONNREFUSED/);
    await assert.rejects(request(`${shown.issuer}/.well-known/openid-configuration`), /ECONNREFUSED/);
    return shown;
  }

  it('SIGTERM to the demo (as `timeout` or `kill` sends it) stops Node-RED and the provider, exit 0', async () => {
    const demo = startDemo();
    await stopsEverything(demo, 'demo', /\nSIGTERM: stopping Node-RED and the identity provider\.\.\.\nStopped\.\n$/);
    assert.deepEqual(await demo.exited, { code: 0, signal: null }, demo.errors());
  });

  it('SIGTERM to `npm start` alone (a supervisor that signals only its child) leaves nothing running', async () => {
    const demo = startDemo({ viaNpm: true });
    const shown = await stopsEverything(demo, 'npm', /\n(SIGTERM|parent exited): stopping Node-RED and the identity provider\.\.\.\nStopped\.\n$/);
    assert.notEqual(shown.demoPid, demo.proc.pid, 'npm was signalled, not the demo itself');
  });
});
