'use strict';
// The representative subset run on the Node-RED versions other than 4.1: sign-in via the query, the admin API
// (read allowed, deploy refused for read-only), the websocket, and refusals. Settings: HMAC secret and an
// async `users` function that throws for one user (Node-RED must survive it).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNodeRed } = require('./node-red');
const { request, signIn, sessionMessages, bearer, commsAuth } = require('./node-red-client');
const { SECRET, ISSUER, AUDIENCE, hmacToken, unsignedToken } = require('./jwt-fixtures');
const { MESSAGES } = require('../../lib/node-red/messages');

const FLOWS = [{ id: 't1', type: 'tab', label: 'T1' }];

/**
 * @param {{version: 3|5, successPattern: RegExp, failLocation: string}} spec
 */
function defineSubset({ version, successPattern, failLocation }) {
  describe(`Node-RED ${version}: sign-in, admin API, websocket, refusals`, () => {
    let nr;
    const alice = () => hmacToken({ sub: 'alice' });
    const bob = () => hmacToken({ sub: 'bob' });

    async function assertRefused(result, message, tokenText) {
      assert.equal(result.status, 302);
      assert.equal(result.accessToken, null);
      assert.equal(result.location, failLocation);
      const { messages, page } = await sessionMessages(nr, result.cookie);
      assert.deepEqual(messages, [message]);
      if (tokenText) assert.equal(page.includes(tokenText), false);
    }

    before(async () => {
      nr = await startNodeRed({
        version,
        prelude: `
const PEOPLE = { alice: '*', bob: 'read' };
async function users(username) {
  if (username === 'mallory') throw new Error('directory unavailable');
  return PEOPLE[username] ? { username, permissions: PEOPLE[username] } : null;
}`,
        optionsSource: `{
          secret: ${JSON.stringify(SECRET)},
          issuer: ${JSON.stringify(ISSUER)},
          audience: ${JSON.stringify(AUDIENCE)},
          users,
        }`,
      });
    });
    after(async () => {
      if (nr) await nr.dispose();
    });

    it('signs in with a token in the query', async () => {
      const result = await signIn(nr, { query: { token: alice() } });
      assert.equal(result.status, 302);
      assert.match(result.location, successPattern);
      assert.ok(result.accessToken);
      assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken) })).status, 200);
      assert.equal((await request(nr, '/flows', { headers: bearer(result.accessToken), json: FLOWS })).status, 204);
      const settings = await request(nr, '/settings', { headers: bearer(result.accessToken) });
      assert.deepEqual(settings.json().user, { username: 'alice', permissions: '*' });
    });

    it('admin API: read allowed, deploy refused for read-only, with a session or a JWT', async () => {
      const session = await signIn(nr, { query: { token: bob() } });
      for (const token of [session.accessToken, bob()]) {
        assert.equal((await request(nr, '/flows', { headers: bearer(token) })).status, 200);
        assert.equal((await request(nr, '/flows', { headers: bearer(token), json: FLOWS })).status, 401);
      }
      assert.equal((await request(nr, '/flows', { headers: bearer(alice()), json: FLOWS })).status, 204);
      assert.equal((await request(nr, '/flows', { headers: bearer(hmacToken({ sub: 'bob' }, { expiresIn: -60 })) })).status, 401);
      assert.equal((await request(nr, '/flows', { headers: bearer(unsignedToken({ sub: 'alice' })) })).status, 401);
    });

    it('the websocket /comms accepts a JWT and refuses junk', async () => {
      assert.deepEqual(await commsAuth(nr, { auth: bob() }), { message: { auth: 'ok' } });
      assert.deepEqual((await commsAuth(nr, { auth: 'junk' })).message, { auth: 'fail' });
      assert.deepEqual((await commsAuth(nr, { auth: hmacToken({ sub: 'carol' }) })).message, { auth: 'fail' });
    });

    it('refuses expired, wrong-key, unknown users and a users function that throws, and keeps running', async () => {
      const cases = [
        [hmacToken({ sub: 'alice' }, { expiresIn: -60 }), MESSAGES.expired],
        [hmacToken({ sub: 'alice' }, { secret: 'some-other-secret-some-other-secret' }), MESSAGES.invalid],
        [hmacToken({ sub: 'carol' }), MESSAGES.notAllowed],
        [hmacToken({ sub: 'mallory' }), MESSAGES.notAllowed],
      ];
      for (const [token, message] of cases) {
        await assertRefused(await signIn(nr, { query: { token } }), message, token);
      }
      assert.equal((await request(nr, '/flows', { headers: bearer(hmacToken({ sub: 'mallory' })) })).status, 401);
      assert.deepEqual((await commsAuth(nr, { auth: hmacToken({ sub: 'mallory' }) })).message, { auth: 'fail' });
      assert.equal(nr.alive, true);
      assert.match(nr.log, /\[node-red-auth-jwt\] the users function failed: directory unavailable/);
      assert.doesNotMatch(nr.log, /Uncaught|Unhandled/i);
    });
  });
}

module.exports = { defineSubset };
