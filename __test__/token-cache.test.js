'use strict';
// lib/node-red/token-cache.js: successes only, keyed by the whole token, never past exp / notAfter / maxTtl, bounded.

const test = require('node:test');
const assert = require('node:assert/strict');
const { TokenCache } = require('../lib/node-red/token-cache');

function clock(start = 1_000_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

test('a stored token is returned until its exp, then forgotten', () => {
  const c = clock();
  const cache = new TokenCache({ now: c.now });
  const exp = c.t / 1000 + 60;
  assert.equal(cache.set('tok', { user: 'alice' }, exp), true);
  assert.deepEqual(cache.get('tok'), { user: 'alice' });
  c.t += 59_999;
  assert.deepEqual(cache.get('tok'), { user: 'alice' });
  c.t += 1;
  assert.equal(cache.get('tok'), undefined);
  assert.equal(cache.size, 0);
});

test('keyed by the whole token: another signature or a prefix is a miss', () => {
  const cache = new TokenCache();
  const exp = Date.now() / 1000 + 60;
  cache.set('a.b.c', 1, exp);
  assert.equal(cache.get('a.b.d'), undefined);
  assert.equal(cache.get('a.b.'), undefined);
  assert.equal(cache.get('a.b.c '), undefined);
  assert.equal(cache.get('a.b.c'), 1);
});

test('an already expired token, a non-finite exp or a non-string key is not stored', () => {
  const c = clock();
  const cache = new TokenCache({ now: c.now });
  assert.equal(cache.set('old', 1, c.t / 1000 - 1), false);
  assert.equal(cache.set('now', 1, c.t / 1000), false);
  assert.equal(cache.set('nan', 1, NaN), false);
  assert.equal(cache.set('str', 1, '9999999999'), false);
  assert.equal(cache.set(42, 1, c.t / 1000 + 60), false);
  assert.equal(cache.size, 0);
});

test('notAfter (iat + maxAge) and maxTtl cut the lifetime short', () => {
  const c = clock();
  const cache = new TokenCache({ now: c.now, maxTtlMs: 10_000 });
  cache.set('bounded-by-notafter', 1, c.t / 1000 + 3600, c.t + 5_000);
  cache.set('no-exp', 2, undefined);
  c.t += 5_000;
  assert.equal(cache.get('bounded-by-notafter'), undefined);
  assert.equal(cache.get('no-exp'), 2);
  c.t += 5_000;
  assert.equal(cache.get('no-exp'), undefined);
});

test('bounded: the oldest entry goes when full, stale ones first', () => {
  const c = clock();
  const cache = new TokenCache({ now: c.now, maxEntries: 3 });
  const exp = c.t / 1000 + 3600;
  cache.set('short', 0, c.t / 1000 + 1);
  cache.set('one', 1, exp);
  cache.set('two', 2, exp);
  c.t += 2_000; // 'short' is stale now
  cache.set('three', 3, exp);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('one'), 1);
  cache.set('four', 4, exp);
  assert.equal(cache.size, 3);
  assert.equal(cache.get('one'), undefined);
  assert.deepEqual(['two', 'three', 'four'].map((k) => cache.get(k)), [2, 3, 4]);
  for (let i = 0; i < 100; i++) cache.set(`t${i}`, i, exp);
  assert.equal(cache.size, 3);
});

test('over-long tokens are not kept, and maxEntries 0 turns caching off', () => {
  const exp = Date.now() / 1000 + 60;
  const cache = new TokenCache({ maxTokenLength: 10 });
  assert.equal(cache.set('x'.repeat(11), 1, exp), false);
  assert.equal(cache.set('x'.repeat(10), 1, exp), true);
  const off = new TokenCache({ maxEntries: 0 });
  assert.equal(off.set('t', 1, exp), false);
  assert.equal(off.get('t'), undefined);
});
