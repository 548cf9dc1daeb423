'use strict';
// A verify that returns a promise (an `async` function): resolve with a user -> success, with false/null ->
// fail, reject -> error; a callback-style verify (even an async one) still decides through its callback.
// passport-jwt 4.0.1 hangs the request on the first and leaves the rejection unhandled on the last.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { signJwt } = require('./support/jws');
const Strategy = require('../lib/passport/strategy');
const ExtractJwt = require('../lib/passport/extract-jwt');

const SECRET = 'async-verify-test-secret-async-verify';
const token = signJwt({ sub: 'u' }, SECRET, { expiresIn: 60 });
const req = { method: 'GET', url: '/', headers: { authorization: `Bearer ${token}` } };
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Authenticates once as Passport does; resolves with every action called within a short while. */
async function outcomes(verify, options = {}) {
  const s = new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET, ...options }, verify);
  const calls = [];
  const self = Object.create(s);
  for (const action of ['success', 'fail', 'error', 'redirect', 'pass']) {
    self[action] = (...args) => calls.push([action, ...args]);
  }
  self.authenticate(options.passReqToCallback ? { ...req } : req);
  await tick();
  return calls;
}

describe('a verify that returns a promise', () => {
  test('resolved with a user is a success; false, null or undefined (no callback taken) is a fail', async () => {
    assert.deepEqual(await outcomes(async (payload) => ({ id: payload.sub })), [['success', { id: 'u' }, undefined]]);
    for (const value of [false, null, undefined]) {
      assert.deepEqual(await outcomes(async () => value), [['fail', undefined]], String(value));
    }
  });

  test('a rejection is an error, with its reason (a reason-less rejection is still an error)', async () => {
    const boom = new Error('directory down');
    assert.deepEqual(await outcomes(async () => { throw boom; }), [['error', boom]]);
    const calls = await outcomes(() => Promise.reject());
    assert.equal(calls.length, 1);
    assert.equal(calls[0][0], 'error');
    assert.match(calls[0][1].message, /verify rejected/);
  });

  test('with passReqToCallback the promise is read the same way', async () => {
    assert.deepEqual(await outcomes(async (r, payload) => payload.sub, { passReqToCallback: true }), [['success', 'u', undefined]]);
  });

  test('an async verify that calls done decides through done, once, whatever the promise says', async () => {
    assert.deepEqual(await outcomes(async (payload, done) => { done(null, 'from-done', { scope: 's' }); return 'from-promise'; }),
      [['success', 'from-done', { scope: 's' }]]);
    assert.deepEqual(await outcomes(async (payload, done) => { done(null, false); throw new Error('after'); }), [['fail', undefined]]);
    // Resolves undefined at once and calls done later: the callback is awaited, not taken as "no user".
    assert.deepEqual(await outcomes(async (payload, done) => { setTimeout(() => done(null, 'late'), 5); }), [['success', 'late', undefined]]);
  });

  test('a callback-style verify is unchanged: synchronous outcome, thrown errors are errors', async () => {
    const s = new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET }, (payload, done) => done(null, payload.sub));
    const calls = [];
    const self = Object.assign(Object.create(s), { success: (u) => calls.push(u), fail: assert.fail, error: assert.fail });
    self.authenticate(req);
    assert.deepEqual(calls, ['u'], 'decided before authenticate returned');
    const thrown = await outcomes(() => { throw new Error('sync'); });
    assert.equal(thrown[0][0], 'error');
  });

  test('an exception thrown by what runs after a promise-made success surfaces as uncaught, not as a second outcome', async () => {
    const s = new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: SECRET }, async () => 'u');
    const calls = [];
    const self = Object.create(s);
    self.success = () => { calls.push('success'); throw new Error('downstream bug'); };
    self.error = () => calls.push('error');
    self.fail = () => calls.push('fail');
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    const caught = new Promise((resolve) => process.once('uncaughtException', resolve));
    try {
      self.authenticate(req);
      assert.equal((await caught).message, 'downstream bug');
    } finally {
      for (const l of listeners) process.on('uncaughtException', l);
    }
    assert.deepEqual(calls, ['success']);
  });
});
