'use strict';
// The code flow on Node-RED 3.1 and 5.0 (5.0 hands the editor a one-time code instead of the session token):
// sign-in through a real provider, deploy by admin and not by reader, and the session with its websocket ending at
// the ID token's exp.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { eventually, within } = require('./support/eventually');
const { startOidcNodeRed, settingsUser, openComms } = require('./support/oidc-node-red');
const { startOidcProvider, PLACEHOLDER_URI } = require('./support/oidc-provider');
const { request, bearer } = require('./support/node-red-client');

// Each hook and test has its own limit, well under the file's: a stall then names the step that stalled.
const STEP_LIMIT_MS = 120000;

for (const version of [3, 5]) {
  describe(`code flow on Node-RED ${version === 3 ? '3.1' : '5.0'}`, () => {
    let op;
    let setup;
    before(async () => {
      op = await startOidcProvider({
        idTokenTTL: 8,
        clients: [{ client_id: 'nr-norefresh', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [PLACEHOLDER_URI] }],
      });
      setup = await startOidcNodeRed({ op, clientId: 'nr-norefresh', version });
    }, { timeout: STEP_LIMIT_MS });
    after(async () => {
      if (setup) await setup.close();
      if (op) await op.close();
    });

    it('admin signs in and deploys, reader cannot; at exp the session and its websocket end', { timeout: STEP_LIMIT_MS }, async () => {
      const { nr } = setup;
      const admin = await setup.signIn('admin');
      assert.ok(admin.accessToken, `signed in: ${admin.location}`);
      if (version === 5) assert.match(admin.location, /[?&]code=/, '5.0 hands out an exchange code');
      assert.deepEqual(await settingsUser(nr, admin.accessToken), { username: 'admin', permissions: '*' });
      const headers = { ...bearer(admin.accessToken), 'node-red-api-version': 'v2', 'node-red-deployment-type': 'full' };
      assert.equal((await request(nr, '/flows', { method: 'POST', headers, json: { flows: [] } })).status, 200);
      const reader = await setup.signIn('reader');
      const readerHeaders = { ...headers, ...bearer(reader.accessToken) };
      assert.equal((await request(nr, '/flows', { method: 'POST', headers: readerHeaders, json: { flows: [] } })).status, 401);

      const socket = openComms(nr, admin.accessToken);
      assert.deepEqual(await socket.authed, { auth: 'ok' });
      // No HTTP request in between: the server itself must notice the end and close the socket.
      const ended = await within(socket.ended, 40000);
      socket.close();
      assert.ok(ended, 'the websocket was closed at exp');
      assert.deepEqual(ended.messages.at(-1), { auth: 'fail' });
      await eventually(async () => (await settingsUser(nr, admin.accessToken)) === 401, 'the session ends');
      assert.ok(nr.alive);
    });
  });
}
