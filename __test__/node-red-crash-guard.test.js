'use strict';
// The three inputs that end an unprotected Node-RED (SECURITY.md), sent to real 3.1, 4.1 and 5.0 processes:
//   1. an object as access_token (query, JSON body, form body), unauthenticated;
//   2. {"auth": {...}} on the editor websocket, unauthenticated;
//   3. POST /auth/revoke with {"token": {...}} from an accepted read-only JWT.
// With guard: false Node-RED dies of each of them (the inputs are real); with the factory's default it keeps running,
// and with httpAdminMiddleware: guard() the HTTP ones also get a 400. After each, a normal sign-in works.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const WebSocket = require('ws');
const { startNodeRed } = require('./support/node-red');
const { request, signIn, bearer } = require('./support/node-red-client');
const { SECRET, ISSUER, AUDIENCE, hmacToken } = require('./support/jwt-fixtures');

const OPTIONS = (extra = '') => `{ secret: ${JSON.stringify(SECRET)}, issuer: ${JSON.stringify(ISSUER)},
  audience: ${JSON.stringify(AUDIENCE)}, users: [{ username: 'alice', permissions: '*' }, { username: 'bob', permissions: 'read' }] ${extra} }`;
const EVIL = { toString: 'x' };
const CONTAINED = /\[node-red-auth-jwt\] contained \d+ requests? that would have ended Node-RED/;
const HTTP_INPUTS = [
  ['query', () => ({ path: '/settings?access_token[toString]=x' })],
  ['JSON body', () => ({ path: '/flows', json: { access_token: EVIL } })],
  ['form body', () => ({ path: '/flows', raw: 'access_token[toString]=x', type: 'application/x-www-form-urlencoded' })],
  ['JSON body of a GET', () => ({ path: '/settings', method: 'GET', json: { access_token: [EVIL] } })],
  ['revoke', () => ({ path: '/auth/revoke', json: { token: EVIL }, headers: bearer(hmacToken({ sub: 'bob' })) })],
  ['revoke, path in other case', () => ({ path: '/Auth/Revoke/', json: { token: EVIL }, headers: bearer(hmacToken({ sub: 'bob' })) })],
];

const sleep = (msec) => new Promise((resolve) => setTimeout(resolve, msec));

/** One request; `{status: null}` when Node-RED gives no answer within `waitMs`. */
function send(nr, { path, method, json, raw, type, headers = {} }, waitMs = 3000) {
  const body = json !== undefined ? JSON.stringify(json) : raw;
  const all = { ...headers };
  if (body !== undefined) {
    all['content-type'] = json !== undefined ? 'application/json' : type;
    all['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: nr.port, path, method: method || (body !== undefined ? 'POST' : 'GET'), headers: all }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', (err) => resolve({ status: null, error: err.message }));
    req.setTimeout(waitMs, () => {
      req.destroy();
      resolve({ status: null, error: 'no answer' });
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function waitFor(predicate, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Sends the hostile auth packet on /comms, then (same socket) a good one; resolves with both outcomes. */
function commsHostileThenGood(nr, good) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${nr.port}/comms`);
    const seen = [];
    const timer = setTimeout(() => finish(), 8000);
    function finish() {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(seen);
    }
    ws.on('error', reject);
    ws.on('open', async () => {
      ws.send(JSON.stringify({ auth: EVIL }));
      // Long enough for Node-RED to process (and, unguarded, die of) the first packet.
      await sleep(700);
      seen.push({ afterHostile: nr.alive });
      if (nr.alive) ws.send(JSON.stringify({ auth: good }));
    });
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      seen.push(Array.isArray(message) ? message[0] : message);
      if (seen.some((m) => m.auth)) finish();
    });
    ws.on('close', () => finish());
  });
}

async function assertSignsIn(nr) {
  assert.equal(nr.alive, true, `Node-RED ${nr.version} is running`);
  const result = await signIn(nr, { query: { token: hmacToken({ sub: 'alice' }) } });
  assert.equal(result.status, 302);
  assert.ok(result.accessToken, `sign-in answered ${result.location}`);
  const settings = await request(nr, '/settings', { headers: bearer(result.accessToken) });
  assert.equal(settings.status, 200);
  assert.equal(settings.json().user.username, 'alice');
}

for (const version of [3, 4, 5]) {
  describe(`Node-RED ${version}: inputs that end an unguarded Node-RED`, () => {
    describe('with guard() as httpAdminMiddleware', () => {
      let nr;
      before(async () => {
        nr = await startNodeRed({ version, extra: 'httpAdminMiddleware: nodeRedAuthJwt.guard(),', optionsSource: OPTIONS() });
      });
      after(async () => nr && nr.dispose());

      it('says nothing about a missing guard at start-up', () => {
        assert.doesNotMatch(nr.log, /guard not installed/);
      });

      for (const [name, input] of HTTP_INPUTS) {
        it(`answers 400 to an object as the token (${name}) and keeps running`, async () => {
          const res = await send(nr, input());
          assert.equal(res.status, 400, res.error || res.text);
          assert.match(res.text, /token must be a single string/);
          assert.doesNotMatch(res.text, /node_modules|\bat /, 'no stack trace in the answer');
          // No wait: a crash from this request would come before Node-RED reads the sign-in's requests.
          await assertSignsIn(nr);
        });
      }

      it('keeps strings working through the guard: a form body access_token and a revoke', async () => {
        const session = await signIn(nr, { query: { token: hmacToken({ sub: 'alice' }) } });
        const viaBody = await send(nr, { path: '/auth/revoke', method: 'POST', raw: `access_token=${encodeURIComponent(session.accessToken)}&token=${encodeURIComponent(session.accessToken)}`, type: 'application/x-www-form-urlencoded' });
        assert.equal(viaBody.status, 200, viaBody.text);
        assert.equal((await request(nr, '/settings', { headers: bearer(session.accessToken) })).status, 401, 'revoked');
        await assertSignsIn(nr);
      });

      it('contains {"auth": {...}} on /comms: no answer to it, the same socket then authenticates', async () => {
        const seen = await commsHostileThenGood(nr, hmacToken({ sub: 'bob' }));
        assert.deepEqual(seen, [{ afterHostile: true }, { auth: 'ok' }]);
        assert.equal(await waitFor(() => CONTAINED.test(nr.log)), true, nr.log);
        await assertSignsIn(nr);
        assert.doesNotMatch(nr.log, /Uncaught Exception|Cannot convert object/);
      });
    });

    describe('with the factory alone (no httpAdminMiddleware)', () => {
      let nr;
      before(async () => {
        nr = await startNodeRed({ version, optionsSource: OPTIONS() });
      });
      after(async () => nr && nr.dispose());

      it('says at start-up that the HTTP guard is not installed', () => {
        assert.match(nr.log, /httpAdminMiddleware guard not installed/);
      });

      it('contains every input: Node-RED keeps running and serving, then signs in', async () => {
        for (const [name, input] of HTTP_INPUTS) {
          const res = await send(nr, input(), 1500);
          assert.notEqual(res.status, 200, `${name}: ${res.text}`);
          assert.equal(nr.alive, true, `${name}: Node-RED ${version} is running`);
          assert.equal((await request(nr, '/auth/login')).status, 200, `${name}: still serving`);
        }
        const seen = await commsHostileThenGood(nr, hmacToken({ sub: 'bob' }));
        assert.deepEqual(seen, [{ afterHostile: true }, { auth: 'ok' }]);
        assert.match(nr.log, CONTAINED);
        assert.doesNotMatch(nr.log, /Uncaught Exception/);
        await assertSignsIn(nr);
      });
    });

    describe('with guard: false (the inputs are real)', () => {
      let nr;
      before(async () => {
        nr = await startNodeRed({ version, optionsSource: OPTIONS(', guard: false') });
      });
      after(async () => nr && nr.dispose());

      it('each input ends Node-RED with the TypeError from its token lookup', async () => {
        assert.doesNotMatch(nr.log, /guard not installed/);
        const inputs = [...HTTP_INPUTS.map(([name, input]) => [name, () => send(nr, input(), 1500)]),
          ['websocket', () => commsHostileThenGood(nr, hmacToken({ sub: 'bob' }))]];
        for (const [name, sendIt] of inputs) {
          if (!nr.alive) await nr.restart();
          const from = nr.log.length;
          await sendIt();
          assert.equal(await waitFor(() => !nr.alive), true, `${name}: Node-RED ${version} exited`);
          assert.match(nr.log.slice(from), /Uncaught Exception[\s\S]*Cannot convert object to primitive value[\s\S]*auth[\\/]tokens\.js/, name);
          assert.doesNotMatch(nr.log, CONTAINED);
        }
      });
    });
  });
}
