'use strict';
// A person in a real browser (Debian's chromium, driven by playwright-core) signs in to a real Node-RED 4.1
// through a real OpenID provider: admin deploys, reader cannot; the session ends at exp and autoLogin brings
// the person back without typing; sign-out ends the provider session, so the next visit asks who you are.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startOidcNodeRed } = require('./support/oidc-node-red');
const { startOidcProvider, PLACEHOLDER_URI } = require('./support/oidc-provider');
const { launchBrowser, withPage } = require('./support/browser');
const { request, bearer } = require('./support/node-red-client');

const LOGIN_HEADING = 'Sign in to the test provider';
const EDITOR_READY = () => Boolean(window.RED && RED.settings && RED.settings.user && RED.workspaces && RED.workspaces.active());

async function providerLogin(page, username) {
  await page.getByText(LOGIN_HEADING).waitFor();
  await page.fill('input[name=login]', username);
  await page.fill('input[name=password]', `${username}-pass`);
  await page.click('button[type=submit]');
}

async function openEditorSignedIn(page, nr, username) {
  await page.goto(`${nr.url}/`);
  await providerLogin(page, username); // autoLogin: the editor sends the browser straight to the provider
  await page.waitForFunction(EDITOR_READY, null, { timeout: 30000 });
  return page.evaluate(() => RED.settings.user);
}

async function addNode(page, id) {
  await page.evaluate((nodeId) => {
    RED.view.importNodes([{ id: nodeId, type: 'comment', name: 'from the browser', x: 200, y: 120, z: RED.workspaces.active(), wires: [] }]);
    RED.nodes.dirty(true);
  }, id);
}

const accessTokenOf = (page) => page.evaluate(() => {
  const stored = localStorage.getItem('auth-tokens');
  return stored ? JSON.parse(stored).access_token : null;
});

describe('in Chromium: sign-in through the provider, deploy, read-only, expiry, sign-out (Node-RED 4.1)', () => {
  let browser;
  let op;
  let setup;
  let shortLived;
  before(async () => {
    browser = await launchBrowser();
    op = await startOidcProvider({
      idTokenTTL: 300,
      clients: [
        { client_id: 'nr-public', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] },
        { client_id: 'nr-norefresh', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] },
      ],
    });
    setup = await startOidcNodeRed({ op, clientId: 'nr-public', extraOptions: ', autoLogin: true' });
  });
  after(async () => {
    if (browser) await browser.close();
    if (setup) await setup.close();
    if (shortLived) await shortLived.close();
    if (op) await op.close();
  });

  it('admin signs in through the provider page and deploys from the editor', async (t) => {
    await withPage(t, async (page) => {
      const user = await openEditorSignedIn(page, setup.nr, 'admin');
      assert.deepEqual({ username: user.username, permissions: user.permissions }, { username: 'admin', permissions: '*' });
      await addNode(page, 'browser-test-admin');
      await page.click('#red-ui-header-button-deploy');
      await page.getByText('Successfully deployed').waitFor({ timeout: 20000 });
      const flows = await request(setup.nr, '/flows', { headers: bearer(await accessTokenOf(page)) });
      assert.ok(flows.json().some((n) => n.id === 'browser-test-admin'), 'the deployed flow holds the node added in the browser');
    });
  });

  it('reader signs in read-only: the deploy button stays disabled and the server refuses a deploy', async (t) => {
    await withPage(t, async (page) => {
      const user = await openEditorSignedIn(page, setup.nr, 'reader');
      assert.equal(user.permissions, 'read');
      await addNode(page, 'browser-test-reader');
      assert.equal(await page.evaluate(() => $('#red-ui-header-button-deploy').hasClass('disabled')), true);
      const status = await page.evaluate(async () => {
        const token = JSON.parse(localStorage.getItem('auth-tokens')).access_token;
        const res = await fetch('flows', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
        return res.status;
      });
      assert.equal(status, 401);
    });
  });

  it('sign-out ends the provider session: the next visit shows the provider login page', async (t) => {
    await withPage(t, async (page) => {
      await openEditorSignedIn(page, setup.nr, 'admin');
      const ends = op.stats.endSessions;
      await page.evaluate(() => RED.actions.invoke('core:logout') || RED.user.logout());
      await page.waitForURL((url) => url.href.startsWith(`${setup.nr.url}/`) || url.href.includes('/interaction/'), { timeout: 20000 });
      await page.getByText(LOGIN_HEADING).waitFor({ timeout: 20000 });
      assert.equal(op.stats.endSessions, ends + 1, 'the provider ended its session');
      await page.goto(`${setup.nr.url}/`);
      await page.getByText(LOGIN_HEADING).waitFor({ timeout: 20000 });
    });
  });

  it('the session ends at exp; with autoLogin and a live provider session the person is back without typing', async (t) => {
    // A provider whose ID tokens live 10 s, and a client without refresh tokens: the session ends at exp.
    const brief = await startOidcProvider({
      idTokenTTL: 10,
      clients: [{ client_id: 'nr-norefresh', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] }],
    });
    shortLived = await startOidcNodeRed({ op: brief, clientId: 'nr-norefresh', extraOptions: ', autoLogin: true' });
    try {
      await withPage(t, async (page) => {
        const logins = [];
        page.on('framenavigated', (frame) => {
          if (frame === page.mainFrame() && frame.url().includes('/interaction/')) logins.push(frame.url());
        });
        await openEditorSignedIn(page, shortLived.nr, 'admin');
        const first = await accessTokenOf(page);
        const typed = logins.length;
        const grants = brief.stats.codeGrants;
        // Nothing is done in the page: the server ends the session at exp, the editor notices, and autoLogin
        // goes through the provider, whose session is still live.
        await page.waitForFunction((old) => {
          const stored = localStorage.getItem('auth-tokens');
          return stored && JSON.parse(stored).access_token !== old && window.RED && RED.settings && RED.settings.user;
        }, first, { timeout: 60000 });
        assert.equal(logins.length, typed, 'no login page was shown again');
        assert.equal(brief.stats.codeGrants, grants + 1, 'signed in again through the provider');
        assert.equal((await request(shortLived.nr, '/settings', { headers: bearer(first) })).status, 401, 'the old session is over');
        assert.equal((await page.evaluate(() => RED.settings.user.username)), 'admin');
      });
    } finally {
      await shortLived.close();
      shortLived = null;
      await brief.close();
    }
  });
});
