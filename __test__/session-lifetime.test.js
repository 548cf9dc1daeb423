'use strict';
// Editor sessions that end with their token, on a real Node-RED 4.1: at `exp` the session's HTTP requests get
// 401 and its websocket is told "auth fail" and closed; two sessions of one person end each with its own token;
// a person the users function drops, or whose listed permissions change, loses the session on the next request;
// a restart keeps the rules; `sessionEndsWithToken: false` keeps the old week-long sessions.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { eventually, within } = require('./support/eventually');
const fs = require('fs');
const path = require('path');
const { signJwt } = require('./support/jws');
const { startNodeRed } = require('./support/node-red');
const { signIn, request, bearer } = require('./support/node-red-client');
const { settingsUser, openComms } = require('./support/oidc-node-red');

const SECRET = 'session-lifetime-test-secret-0123456789abcdef';
const now = () => Math.floor(Date.now() / 1000);
const sign = (sub, ttl, extra = {}) => signJwt({ sub, exp: now() + ttl, ...extra }, SECRET, { issuer: 'idp', audience: 'nr' });
const BASE = `secret: ${JSON.stringify(SECRET)}, issuer: 'idp', audience: 'nr'`;


describe('sessions end with their token (Node-RED 4.1)', () => {
  let nr;
  before(async () => {
    nr = await startNodeRed({
      version: 4,
      optionsSource: `{ ${BASE}, users: (name) => JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'allowed.json'), 'utf8'))[name] || null }`,
    });
    fs.writeFileSync(path.join(nr.userDir, 'allowed.json'), JSON.stringify({ alice: { permissions: '*' }, bob: { permissions: 'read' } }));
  });
  after(() => nr && nr.dispose());

  it('at exp the session gets 401 and its websocket is closed; a second session of the same person lives on', async () => {
    const short = await signIn(nr, { query: { token: sign('alice', 4) } });
    const long = await signIn(nr, { query: { token: sign('alice', 600) } });
    assert.ok(short.accessToken && long.accessToken);
    assert.deepEqual(await settingsUser(nr, short.accessToken), { username: 'alice', permissions: '*' });
    const socket = openComms(nr, short.accessToken);
    assert.deepEqual(await socket.authed, { auth: 'ok' });

    await eventually(async () => (await settingsUser(nr, short.accessToken)) === 401, 'the short session ends');
    const ended = await within(socket.ended, 20000);
    socket.close();
    assert.ok(ended, 'the websocket of the ended session was closed by the server');
    assert.deepEqual(ended.messages.at(-1), { auth: 'fail' });
    assert.deepEqual(await settingsUser(nr, long.accessToken), { username: 'alice', permissions: '*' });
    assert.ok(nr.alive);
  });

  it('a person the users function no longer returns loses every session on the next request, websocket included', async () => {
    const one = await signIn(nr, { query: { token: sign('bob', 600) } });
    const two = await signIn(nr, { query: { token: sign('bob', 600) } });
    assert.deepEqual(await settingsUser(nr, one.accessToken), { username: 'bob', permissions: 'read' });
    const socket = openComms(nr, two.accessToken);
    assert.deepEqual(await socket.authed, { auth: 'ok' });
    fs.writeFileSync(path.join(nr.userDir, 'allowed.json'), JSON.stringify({ alice: { permissions: '*' } }));
    assert.equal(await settingsUser(nr, one.accessToken), 401);
    assert.equal(await settingsUser(nr, two.accessToken), 401);
    const ended = await within(socket.ended, 20000);
    socket.close();
    assert.ok(ended, 'the websocket was closed');
    fs.writeFileSync(path.join(nr.userDir, 'allowed.json'), JSON.stringify({ alice: { permissions: '*' }, bob: { permissions: 'read' } }));
    assert.equal(await settingsUser(nr, one.accessToken), 401, 'being listed again does not revive an ended session');
  });

  it('a session whose permissions no longer match what the users function says must sign in again', async () => {
    const s = await signIn(nr, { query: { token: sign('bob', 600) } });
    assert.deepEqual(await settingsUser(nr, s.accessToken), { username: 'bob', permissions: 'read' });
    fs.writeFileSync(path.join(nr.userDir, 'allowed.json'), JSON.stringify({ alice: { permissions: '*' }, bob: { permissions: '*' } }));
    assert.equal(await settingsUser(nr, s.accessToken), 401);
    const again = await signIn(nr, { query: { token: sign('bob', 600) } });
    assert.deepEqual(await settingsUser(nr, again.accessToken), { username: 'bob', permissions: '*' });
  });
});

describe('a restart keeps the rules (.sessions.json), and listed permissions changed in settings end a session', () => {
  let nr;
  const options = (bob) => `{ ${BASE}, permissionsClaim: 'nr', users: [{ username: 'alice', permissions: '*' }, { username: 'bob', permissions: ${JSON.stringify(bob)} }, { username: 'carol' }] }`;
  before(async () => {
    nr = await startNodeRed({ version: 4, optionsSource: options('*'), clock: true });
  });
  after(() => nr && nr.dispose());

  it('after a restart: a live session still works and shows what is enforced; an expired one and a changed one do not', async () => {
    const alice = await signIn(nr, { query: { token: sign('alice', 600) } });
    const bob = await signIn(nr, { query: { token: sign('bob', 600) } });
    const carol = await signIn(nr, { query: { token: sign('carol', 600, { nr: ['flows.read', 'settings.read'] }) } });
    const brief = await signIn(nr, { query: { token: sign('alice', 3) } });
    assert.ok(alice.accessToken && bob.accessToken && carol.accessToken && brief.accessToken);
    await nr.stop();
    const settings = fs.readFileSync(nr.settingsPath, 'utf8').replace(options('*'), options('read'));
    assert.notEqual(settings, fs.readFileSync(nr.settingsPath, 'utf8'));
    fs.writeFileSync(nr.settingsPath, settings);
    // Node-RED comes back a minute later by its own clock: past brief's exp, long before the others'.
    await nr.setClockAhead(60);
    await nr.start();
    assert.deepEqual(await settingsUser(nr, alice.accessToken), { username: 'alice', permissions: '*' });
    assert.deepEqual(await settingsUser(nr, carol.accessToken), { username: 'carol', permissions: ['flows.read', 'settings.read'] },
      'claim-derived permissions are shown as enforced after a restart');
    assert.equal(await settingsUser(nr, bob.accessToken), 401, 'bob was lowered to read: he signs in again');
    assert.equal(await settingsUser(nr, brief.accessToken), 401, 'the token ended while Node-RED was down');
    const bobAgain = await signIn(nr, { query: { token: sign('bob', 600) } });
    assert.deepEqual(await settingsUser(nr, bobAgain.accessToken), { username: 'bob', permissions: 'read' });
    assert.equal((await request(nr, '/flows', { method: 'POST', headers: bearer(bobAgain.accessToken), json: [] })).status, 401);
  });
});

describe('sessionEndsWithToken: false keeps the session for sessionExpiryTime', () => {
  let nr;
  before(async () => {
    nr = await startNodeRed({ version: 4, optionsSource: `{ ${BASE}, sessionEndsWithToken: false, users: [{ username: 'alice', permissions: '*' }] }`, clock: true });
  });
  after(() => nr && nr.dispose());

  it('outlives its token', async () => {
    const s = await signIn(nr, { query: { token: sign('alice', 2) } });
    await nr.setClockAhead(60);
    assert.deepEqual(await settingsUser(nr, s.accessToken), { username: 'alice', permissions: '*' });
  });
});
