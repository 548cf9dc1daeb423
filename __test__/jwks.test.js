'use strict';
// Remote key sets: fetch, cache, cooldown, failure modes and OIDC discovery, against a local server on 127.0.0.1.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');

const { jwks, createRemoteKeySet } = require('../lib/remote-keys/jwks');
const { verify } = require('../lib/verification/verify');
const { normalizeKey } = require('../lib/verification/key-material');
const { checkUrl, jwksUriFrom } = require('../lib/remote-keys/discovery');
const { startJwksServer, SigningKey } = require('./support/jwks-server');

const sleep = (msec) => new Promise((resolve) => setTimeout(resolve, msec));
const LONG = 10 * 60 * 1000; // a cooldown no test run outlasts: "no refetch" assertions cannot flake

/** A clock the test moves (`clock.now += ms`) instead of sleeping: cooldowns and ages pass in no time. */
function testClock() {
  const clock = { now: 1e12 };
  clock.seams = { now: () => clock.now };
  return clock;
}
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

async function server(t, options) {
  const s = await startJwksServer(options);
  t.after(() => s.stop());
  return s;
}

/** Calls the Strategy-shaped provider and resolves [err, key]. */
function provide(provider, token) {
  return new Promise((resolve) => provider({}, token, (err, key) => resolve([err, key])));
}

/** What the Strategy does: get the key from the provider, then verify with it. Resolves the payload or an Error. */
async function strategyVerify(provider, token, options = {}) {
  const [err, key] = await provide(provider, token);
  if (err) return err;
  try {
    return verify(token, key, options);
  } catch (e) {
    return e;
  }
}

function assertFails(result, code) {
  assert.ok(result instanceof Error, `expected a failure with ${code}, got ${JSON.stringify(result)}`);
  assert.equal(result.code, code);
}

// A key the server does not publish, reusing a published kid: must never verify.
const forger = new SigningKey('key-1', 'RS256');

test('config: only https URLs, or plain http on loopback', () => {
  for (const ok of ['https://idp.example.com/jwks', 'http://127.0.0.1:1/jwks', 'http://127.9.8.7/x', 'http://localhost:9/x', 'http://[::1]:9/x', 'http://0x7f.0.0.1/x']) {
    assert.doesNotThrow(() => checkUrl(ok, 'jwksUri'), ok);
    assert.doesNotThrow(() => createRemoteKeySet({ jwksUri: ok }), ok);
  }
  for (const bad of ['http://idp.example.com/jwks', 'http://127.0.0.1.nip.io/jwks', 'http://localhost.evil.test/', 'http://10.0.0.1/', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url', '/relative']) {
    assert.throws(() => createRemoteKeySet({ jwksUri: bad }), /jwksUri must be/, bad);
  }
  assert.throws(() => createRemoteKeySet({ issuer: 'http://idp.example.com', discovery: true }), /issuer must be an https: URL/);
});

test('config: bad options are start-up errors that say what to fix', () => {
  const uri = 'https://idp.example.com/jwks';
  assert.throws(() => createRemoteKeySet({}), /set jwksUri, or issuer with discovery: true/);
  assert.throws(() => createRemoteKeySet({ issuer: 'https://idp.example.com' }), /set jwksUri, or issuer with discovery: true/);
  assert.throws(() => createRemoteKeySet({ discovery: true }), /discovery needs issuer/);
  assert.throws(() => createRemoteKeySet({ discovery: true, issuer: ['https://a', 'https://b'] }), /discovery needs issuer/);
  assert.throws(() => createRemoteKeySet({ discovery: true, issuer: 'https://a', jwksUri: uri }), /not both/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, jwksUrl: uri }), /unknown option "jwksUrl"/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, timeout: 0 }), /timeout must be more than 0/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, timeout: 'soon' }), /timeout must be a number of milliseconds/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, cooldown: '1h', cacheMaxAge: '10m' }), /cooldown <= cacheMaxAge <= maxAge/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, maxBytes: -1 }), /maxBytes must be a positive integer/);
  assert.throws(() => createRemoteKeySet({ jwksUri: uri, requestHeaders: { 'user-agent': 1 } }), /requestHeaders/);
  assert.throws(() => jwks(undefined), /options must be an object/);
  // jwks-rsa's passportJwtSecret options are accepted so a call site moves over unchanged.
  assert.doesNotThrow(() => jwks({ jwksUri: uri, cache: true, rateLimit: true, jwksRequestsPerMinute: 5, cacheMaxEntries: 5 }));
  const set = createRemoteKeySet({ jwksUri: uri, timeout: '2s', cooldown: '1m', cacheMaxAge: '1h', maxAge: '2d' });
  assert.deepEqual([set.options.timeout, set.options.cooldown, set.options.cacheMaxAge, set.options.maxAge], [2000, 60000, 3600000, 172800000]);
});

test('a token signed by a published key verifies through the provider, with the claims checked', async (t) => {
  const s = await server(t, { keys: [['rsa', 'RS256'], ['ec', 'ES256'], ['ed', 'EdDSA'], ['pss', 'PS256'], ['p521', 'ES512']] });
  const provider = jwks({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  for (const kid of ['rsa', 'ec', 'ed', 'pss', 'p521']) {
    const token = s.key(kid).sign({ sub: `user-${kid}`, aud: 'node-red', iss: s.issuer });
    const payload = await strategyVerify(provider, token, { audience: 'node-red', issuer: s.issuer });
    assert.equal(payload.sub, `user-${kid}`, kid);
    assertFails(await strategyVerify(provider, token, { audience: 'other' }), 'ERR_JWT_AUDIENCE');
    assertFails(await strategyVerify(provider, token, { issuer: 'https://other' }), 'ERR_JWT_ISSUER');
  }
  const expired = s.key('rsa').sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 60 });
  assertFails(await strategyVerify(provider, expired), 'ERR_JWT_EXPIRED');
  assertFails(await strategyVerify(provider, forger.sign({ sub: 'mallory' }, { kid: 'rsa' })), 'ERR_JWT_SIGNATURE');
  assert.equal(s.fetches(), 1, 'one fetch serves every token');
});

test('the provider hands out one frozen remote set, the same object until the set changes', async (t) => {
  const s = await server(t);
  const provider = jwks({ jwksUri: s.jwksUri, cooldown: 0, cacheMaxAge: LONG, maxAge: LONG });
  const token = s.key('key-1').sign({ sub: 'a' });
  const [err1, first] = await provide(provider, token);
  const [err2, second] = await provide(provider, token);
  assert.equal(err1, null);
  assert.equal(err2, null);
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.keys) && Object.isFrozen(first.keys[0]));
  assert.equal(normalizeKey(first).kind, 'remote-jwks');
  // A plain copy is a local set (the user's own object), not a remote one.
  assert.equal(normalizeKey({ keys: first.keys }).kind, 'jwks');

  await provider.keySet.reload(); // same text: same object
  assert.equal((await provide(provider, token))[1], first);
  s.addKey('key-2', 'ES256');
  await provider.keySet.reload();
  const [, third] = await provide(provider, token);
  assert.notEqual(third, first);
  assert.deepEqual(third.keys.map((k) => k.kid), ['key-1', 'key-2']);
});

test('key rotation: a new kid is fetched once after the cooldown; a removed kid stops verifying', async (t) => {
  const s = await server(t, { keys: [['key-1', 'ES256']] });
  const cooldown = 50;
  const clock = testClock();
  const provider = jwks({ jwksUri: s.jwksUri, cooldown, cacheMaxAge: 1000, maxAge: LONG }, clock.seams);
  const oldToken = s.key('key-1').sign({ sub: 'old' });
  assert.equal((await strategyVerify(provider, oldToken)).sub, 'old');
  assert.equal(s.fetches(), 1);

  clock.now += cooldown + 20;
  const next = s.addKey('key-2', 'ES256');
  const newToken = next.sign({ sub: 'new' });
  assert.equal((await strategyVerify(provider, newToken)).sub, 'new', 'the unknown kid caused a refetch');
  assert.equal(s.fetches(), 2);
  assert.equal((await strategyVerify(provider, newToken)).sub, 'new');
  assert.equal(s.fetches(), 2, 'a known kid causes no fetch');

  s.removeKey('key-1');
  clock.now += 1100; // past cacheMaxAge: the next request refreshes the set in the background
  await provide(provider, newToken);
  await provider.keySet.whenIdle();
  assert.equal(s.fetches(), 3);
  assertFails(await strategyVerify(provider, oldToken), 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal((await strategyVerify(provider, newToken)).sub, 'new');
});

test('an unknown kid inside the cooldown causes no fetch and no accept', async (t) => {
  const s = await server(t);
  const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  assert.equal((await keySet.verify(s.key('key-1').sign({ sub: 'a' }))).sub, 'a');
  const later = s.addKey('key-2');
  for (let i = 0; i < 5; i += 1) assertFails(await keySet.verify(later.sign({ sub: 'b' })), 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(s.fetches(), 1);
  assert.equal(keySet.coolingDown, true);
  await keySet.reload(); // an explicit reload ignores the cooldown
  assert.equal((await keySet.verify(later.sign({ sub: 'b' }))).sub, 'b');
  assert.equal(s.fetches(), 2);
});

test('1000 requests with random kids: at most one fetch per cooldown window, none accepted', async (t) => {
  const s = await server(t, { keys: [['key-1', 'ES256']] });
  const signer = s.key('key-1');
  const random = () => signer.sign({ sub: 'flood' }, { kid: crypto.randomBytes(12).toString('hex') });

  // Window 1: a cold cache. Every request shares the first fetch; the cooldown then blocks any refetch.
  const quiet = jwks({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  const first = await Promise.all(Array.from({ length: 1000 }, () => strategyVerify(quiet, random())));
  for (const result of first) assertFails(result, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(s.fetches(), 1);
  assert.ok(quiet.keySet.entry.probes.size <= 256, 'the per-header cache stays bounded');
  const longKid = signer.sign({ sub: 'flood' }, { kid: 'k'.repeat(2000) });
  assertFails(await strategyVerify(quiet, longKid), 'ERR_JWKS_NO_MATCHING_KEY');
  assert.ok(![...quiet.keySet.entry.probes.keys()].some((h) => h.length > 1024), 'long headers are not cached');

  // Later windows: a short cooldown. Each burst of 1000 after a window has passed may cause one fetch, no more.
  const cooldown = 100;
  const clock = testClock();
  const busy = jwks({ jwksUri: s.jwksUri, cooldown, cacheMaxAge: LONG, maxAge: LONG }, clock.seams);
  assert.equal((await strategyVerify(busy, signer.sign({ sub: 'ok' }))).sub, 'ok');
  for (let window = 0; window < 3; window += 1) {
    clock.now += cooldown + 30;
    const before = s.fetches();
    const burst = await Promise.all(Array.from({ length: 1000 }, () => strategyVerify(busy, random())));
    for (const result of burst) assertFails(result, 'ERR_JWKS_NO_MATCHING_KEY');
    assert.equal(s.fetches() - before, 1, `window ${window}`);
  }
  assert.equal((await strategyVerify(busy, signer.sign({ sub: 'still ok' }))).sub, 'still ok');
});

test('requests waiting for a fetch share it', async (t) => {
  const s = await server(t);
  s.setMode('slow', 150);
  const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  const token = s.key('key-1').sign({ sub: 'a' });
  const results = await Promise.all(Array.from({ length: 50 }, () => keySet.verify(token)));
  for (const result of results) assert.equal(result.sub, 'a');
  assert.equal(s.fetches(), 1);
});

test('server down at start, then up: fails with ERR_JWKS_FETCH, no hammering, then signs in', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  s.setMode('down'); // accepts, counts, and resets the connection
  const patient = jwks({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  patient.keySet.now = () => 1e12; // a stopped clock: the cold-start retry interval never passes
  for (let i = 0; i < 5; i += 1) assertFails(await strategyVerify(patient, token), 'ERR_JWKS_FETCH');
  assert.equal(s.fetches(), 1, 'failures are retried only after the retry interval');

  await s.stop(); // nothing listening: connection refused
  const cooldown = 50;
  const clock = testClock();
  const provider = jwks({ jwksUri: s.jwksUri, cooldown, cacheMaxAge: 100, maxAge: LONG }, clock.seams);
  const refused = await strategyVerify(provider, token);
  assertFails(refused, 'ERR_JWKS_FETCH');
  assert.match(refused.message, /could not be reached/);

  s.setMode('ok');
  await s.start();
  clock.now += cooldown + 20;
  assert.equal((await strategyVerify(provider, token)).sub, 'a');
});

test('cold start with the provider down: retries back off from 1 s, doubling up to the cooldown, one fetch per interval', async (t) => {
  const s = await server(t, { keys: [['key-1', 'ES256']] });
  s.setMode('down');
  const keySet = createRemoteKeySet({ jwksUri: s.jwksUri }); // the defaults: 30 s cooldown
  let clock = 1e12;
  keySet.now = () => clock;
  const good = s.key('key-1').sign({ sub: 'a' });
  const flood = (n) => Promise.all(Array.from({ length: n }, (_, i) => keySet.verify(i % 2 ? good : s.key('key-1').sign({ sub: 'f' }, { kid: `r${i}` }))));

  // Each burst of 200 requests at one instant shares at most one fetch; inside an interval there is none.
  const expected = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
  let start = clock;
  for (const interval of expected) {
    const before = s.fetches();
    for (const result of await flood(200)) assertFails(result, 'ERR_JWKS_FETCH');
    assert.equal(s.fetches() - before, 1, `one fetch at t=${clock - 1e12}`);
    assert.equal(keySet.retryInterval(), interval);
    clock = start + interval - 1; // just inside the interval: no fetch
    for (const result of await flood(50)) assertFails(result, 'ERR_JWKS_FETCH');
    assert.equal(s.fetches() - before, 1, `no fetch inside the ${interval} ms interval`);
    clock = start + interval;
    start = clock;
  }

  // The provider comes back. Requests still inside the interval fail without a fetch; the first one after it
  // signs in, and from then on an unknown kid waits for the whole cooldown again.
  s.setMode('ok');
  const due = clock;
  clock = due - 1;
  const before = s.fetches();
  assertFails(await keySet.verify(good), 'ERR_JWKS_FETCH');
  assert.equal(s.fetches(), before);
  clock = due;
  assert.equal((await keySet.verify(good)).sub, 'a');
  assert.equal(s.fetches(), before + 1);
  assert.equal(keySet.retryInterval(), 30000);
  clock += 29999;
  for (const result of await flood(200)) {
    if (!(result instanceof Error)) assert.equal(result.sub, 'a');
    else assertFails(result, 'ERR_JWKS_NO_MATCHING_KEY');
  }
  assert.equal(s.fetches(), before + 1, 'a kid flood with a cached set waits for the cooldown');

  // Past maxAge the set is no longer usable: a failure there starts the short backoff again.
  s.setMode('down');
  clock = due + keySet.options.maxAge + 1;
  assertFails(await keySet.verify(good), 'ERR_JWKS_FETCH');
  assert.equal(keySet.retryInterval(), 1000);
  s.setMode('ok');
  clock += 1000;
  assert.equal((await keySet.verify(good)).sub, 'a');
});

test('provider down after a good fetch: the last good set is kept up to maxAge, then sign-in resumes', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  const clock = testClock();
  const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: 20, cacheMaxAge: 60, maxAge: 2000 }, clock.seams);
  assert.equal((await keySet.verify(token)).sub, 'a');
  s.setMode('status500');
  clock.now += 100; // stale: the next request tries a refresh, which fails
  assert.equal((await keySet.verify(token)).sub, 'a');
  await keySet.whenIdle();
  assert.equal(s.fetches(), 2);
  assert.equal(keySet.lastError.code, 'ERR_JWKS_FETCH');
  assert.equal((await keySet.verify(token)).sub, 'a', 'the last good set is still used');
  assertFails(await keySet.verify(forger.sign({ sub: 'm' })), 'ERR_JWT_SIGNATURE');

  clock.now += 2100; // past maxAge: the old set is no longer trusted
  assertFails(await keySet.verify(token), 'ERR_JWKS_FETCH');

  s.setMode('ok');
  clock.now += 40;
  assert.equal((await keySet.verify(token)).sub, 'a');
});

test('a slow server times out with ERR_JWKS_TIMEOUT (headers or body), then recovers', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  for (const mode of ['slow', 'slow-body']) {
    s.setMode(mode, 60_000);
    // The slow modes never answer; the timeout only has to be long enough for the good fetch on a loaded machine.
    const clock = testClock();
    const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, timeout: 1500, cooldown: 10, cacheMaxAge: LONG, maxAge: LONG }, clock.seams);
    const result = await keySet.verify(token);
    assertFails(result, 'ERR_JWKS_TIMEOUT');
    assert.match(result.message, /did not answer in time/);
    s.setMode('ok');
    clock.now += 30;
    assert.equal((await keySet.verify(token)).sub, 'a', mode);
  }
});

test('garbage, non-sets, empty sets, 500s and redirects fail with a clear code and never replace a good set', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  const cases = {
    garbage: ['ERR_JWKS_INVALID', /not valid JSON/],
    'not-a-set': ['ERR_JWKS_INVALID', /"keys" array/],
    empty: ['ERR_JWKS_INVALID', /no usable signing key/],
    status500: ['ERR_JWKS_FETCH', /HTTP 500/],
    redirect: ['ERR_JWKS_FETCH', /HTTP 302/],
  };
  for (const [mode, [code, message]] of Object.entries(cases)) {
    s.setMode(mode);
    const cold = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
    const result = await cold.verify(token);
    assertFails(result, code);
    assert.match(result.message, message, mode);
    assertFails(await cold.verify(forger.sign({ sub: 'm' })), code);

    s.setMode('ok');
    const warm = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: 0, cacheMaxAge: LONG, maxAge: LONG });
    assert.equal((await warm.verify(token)).sub, 'a');
    s.setMode(mode);
    await warm.reload();
    assert.equal(warm.lastError.code, code, mode);
    assert.equal((await warm.verify(token)).sub, 'a', `${mode}: the good set survives`);
    assertFails(await warm.verify(forger.sign({ sub: 'm' })), 'ERR_JWT_SIGNATURE');
  }
});

test('a remote set holding private or symmetric keys is refused outright', async (t) => {
  const s = await server(t);
  const key = s.key('key-1');
  for (const mode of ['private', 'oct']) {
    s.setMode(mode);
    const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
    const result = await keySet.verify(key.sign({ sub: 'a' }));
    assertFails(result, 'ERR_JWKS_INVALID');
    assert.match(result.message, /must not contain private or symmetric keys/);
  }
  // Even a token HMAC-signed with the published oct secret gets nowhere: the set is never used.
  s.setMode('oct');
  const keySet = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'hmac' })).toString('base64url');
  assertFails(await keySet.verify(`${header}.e30.c2ln`), 'ERR_JWKS_INVALID');
});

test('a huge response is cut off at maxBytes, with or without Content-Length', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  for (const mode of ['huge', 'huge-chunked']) {
    s.setMode(mode);
    const capped = createRemoteKeySet({ jwksUri: s.jwksUri, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
    const result = await capped.verify(token);
    assertFails(result, 'ERR_JWKS_TOO_LARGE');
    assert.match(result.message, /more than 524288 bytes/);
    // The same padded set is accepted under a larger cap: the cap is what refused it.
    const roomy = createRemoteKeySet({ jwksUri: s.jwksUri, maxBytes: 4 * 1024 * 1024, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
    assert.equal((await roomy.verify(token)).sub, 'a', mode);
  }
});

test('junk tokens are rejected without any fetch', async (t) => {
  const s = await server(t);
  const provider = jwks({ jwksUri: s.jwksUri });
  for (const junk of ['', 'abc', 'a.b.c', '..', `${Buffer.from('[1]').toString('base64url')}.e30.AA`, 'x'.repeat(2 << 20)]) {
    const [err, key] = await provide(provider, junk);
    assert.ok(err instanceof Error, JSON.stringify(junk.slice(0, 20)));
    assert.match(err.code, /^ERR_JWT_/);
    assert.equal(key, undefined);
  }
  const [err] = await provide(provider, 42);
  assert.equal(err.code, 'ERR_JWT_NOT_STRING');
  assert.equal(s.fetches(), 0);
});

test('OIDC discovery reads jwks_uri from the issuer configuration', async (t) => {
  const s = await server(t, { issuerPath: '/realms/demo', jwksPath: '/realms/demo/protocol/openid-connect/certs' });
  const token = s.key('key-1').sign({ sub: 'a', iss: s.issuer });
  const provider = jwks({ issuer: s.issuer, discovery: true, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
  assert.equal((await strategyVerify(provider, token, { issuer: s.issuer })).sub, 'a');
  assert.equal(s.discoveryFetches, 1);
  assert.equal(s.fetches(), 1);
  assert.equal(provider.keySet.jwksUri, s.jwksUri);

  // A trailing slash on the configured issuer still finds the document; the issuer must then match exactly.
  const slashed = createRemoteKeySet({ issuer: `${s.issuer}/`, discovery: true });
  const mismatch = await slashed.verify(token);
  assertFails(mismatch, 'ERR_OIDC_DISCOVERY');
  assert.match(mismatch.message, /different issuer/);
  assert.equal(s.discoveryFetches, 2);
});

test('OIDC discovery refuses a document for another issuer, without jwks_uri, or with a plain-http jwks_uri', async (t) => {
  const s = await server(t);
  const token = s.key('key-1').sign({ sub: 'a' });
  const cases = [
    [{ issuer: 'https://evil.example.com' }, /different issuer/],
    [{ jwks_uri: undefined }, /no "jwks_uri"/],
    [{ jwks_uri: 42 }, /no "jwks_uri"/],
    [{ jwks_uri: 'http://keys.example.com/jwks' }, /https: URL/],
  ];
  for (const [overrides, message] of cases) {
    s.setDiscovery(overrides);
    const keySet = createRemoteKeySet({ issuer: s.issuer, discovery: true, cooldown: LONG, cacheMaxAge: LONG, maxAge: LONG });
    const result = await keySet.verify(token);
    assertFails(result, 'ERR_OIDC_DISCOVERY');
    assert.match(result.message, message);
  }
  assert.equal(s.fetches(), 0, 'no key set was fetched from an untrusted document');

  s.setDiscovery(null);
  await s.stop();
  const down = createRemoteKeySet({ issuer: s.issuer, discovery: true });
  assertFails(await down.verify(token), 'ERR_OIDC_DISCOVERY');
  assert.equal(typeof jwksUriFrom([], 'x'), 'object');
  assert.ok(jwksUriFrom([], 'x') instanceof Error);
});

test('real passport + our Strategy + jwks(): 200 for a good token, 401 for every bad one and when keys are unavailable', async (t) => {
  const express = require('express');
  const passport = require('passport');
  const { Strategy, ExtractJwt } = require('..');
  const s = await server(t, { keys: [['key-1', 'ES256']] });
  const cooldown = 50;
  const clock = testClock();

  function app(jwksUri) {
    const instance = new passport.Passport();
    instance.use(new Strategy({
      secretOrKeyProvider: jwks({ jwksUri, cooldown, cacheMaxAge: LONG, maxAge: LONG, timeout: 1000 }, clock.seams),
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      issuer: s.issuer,
      audience: 'api',
    }, (payload, done) => done(null, { sub: payload.sub })));
    const web = express();
    web.use(instance.initialize());
    web.get('/me', instance.authenticate('jwt', { session: false }), (req, res) => res.json(req.user));
    return new Promise((resolve) => {
      const listener = web.listen(0, '127.0.0.1', () => {
        t.after(() => new Promise((done) => {
          listener.closeAllConnections();
          listener.close(done);
        }));
        resolve(`http://127.0.0.1:${listener.address().port}/me`);
      });
    });
  }
  const get = async (url, token) => {
    const res = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.text() };
  };

  const url = await app(s.jwksUri);
  const key = s.key('key-1');
  const claims = { sub: 'alice', aud: 'api', iss: s.issuer };
  const good = await get(url, key.sign(claims));
  assert.equal(good.status, 200);
  assert.deepEqual(JSON.parse(good.body), { sub: 'alice' });
  const none = `${Buffer.from('{"alg":"none","kid":"key-1"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  const bad = {
    'wrong audience': key.sign({ ...claims, aud: 'other' }),
    'wrong issuer': key.sign({ ...claims, iss: 'https://evil.example.com' }),
    expired: key.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }),
    forged: new SigningKey('key-1', 'ES256').sign(claims),
    'unknown kid': key.sign(claims, { kid: 'nobody' }),
    'alg none': none,
    junk: 'a.b.c',
    'no token': undefined,
  };
  for (const [name, token] of Object.entries(bad)) assert.equal((await get(url, token)).status, 401, name);

  // Rotation through the Strategy: a token from a new key is accepted once the cooldown allows a refetch.
  clock.now += cooldown + 20;
  const next = s.addKey('key-2', 'ES256');
  assert.equal((await get(url, next.sign(claims))).status, 200);

  // Keys unavailable: 401 (a `fail`), never a 500 or a crash.
  s.setMode('status500');
  const unavailable = await app(s.jwksUri);
  assert.equal((await get(unavailable, key.sign(claims))).status, 401);
  s.setMode('slow', 60_000);
  const slow = await app(s.jwksUri);
  assert.equal((await get(slow, key.sign(claims))).status, 401);
});

test('no unhandled rejection happened in any of the above', async () => {
  await sleep(20);
  assert.deepEqual(unhandled, []);
});
