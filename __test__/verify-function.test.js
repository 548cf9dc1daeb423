'use strict';
// NativeVerifier#verifyFunction is the per-request fast path (a raw Node-API callback reading the token through a
// reused buffer). It must answer exactly as NativeVerifier#verify for every input, including the ones that take
// its slow branches: non-ASCII characters, characters that Latin-1 would truncate to base64url ones, lone
// surrogates, over-long strings and non-strings.

const test = require('node:test');
const assert = require('node:assert/strict');
const { signJwt } = require('./support/jws');
const native = require('../lib/verification/native');

const SECRET = 'verify-function-test-secret-0123456789';
const OPTIONS = JSON.stringify({ algorithms: ['HS256'], audience: ['aud'], issuer: ['iss'], maxTokenBytes: 4096 });

function verifier() {
  return new native.NativeVerifier('secret', SECRET, OPTIONS);
}

test('verifyFunction answers exactly as verify, on good and bad tokens', () => {
  const v = verifier();
  const fn = v.verifyFunction();
  const good = signJwt({ sub: 'u', name: 'Zoë ✓' }, SECRET, { audience: 'aud', issuer: 'iss', expiresIn: 60 });
  const [h, p, s] = good.split('.');
  const inputs = {
    good,
    expired: signJwt({ sub: 'u', exp: 1 }, SECRET, { audience: 'aud', issuer: 'iss' }),
    'wrong aud': signJwt({ sub: 'u' }, SECRET, { audience: 'other', issuer: 'iss' }),
    'bad signature': `${h}.${p}.${s.slice(0, -2)}AA`,
    'non-ASCII inside': `${h}.${p.slice(0, 5)}é${p.slice(6)}.${s}`,
    // U+0141 truncated to one byte would be 0x41 ("A"): must not verify as the token with an "A" there.
    'wide char over A': `${h}.${p.replace(/A/, '\u0141')}.${s}`,
    'lone surrogate': `${good}\ud800`,
    empty: '',
    'two dots': '..',
    'over the limit': 'a'.repeat(5000),
    'over the limit only in UTF-8': 'é'.repeat(2500),
  };
  assert.ok(p.includes('A'), 'fixture: the payload segment has an A to replace');
  for (const [name, token] of Object.entries(inputs)) {
    assert.equal(fn(token), v.verify(token), name);
  }
  assert.equal(fn(good).charCodeAt(0), 123, 'the good token verifies');
  assert.equal(JSON.parse(fn(good)).name, 'Zoë ✓', 'a non-ASCII payload comes back intact');
  assert.match(fn(inputs['wide char over A']), /^!/, 'a wide character is never narrowed into a valid token');
  assert.match(fn(inputs['over the limit only in UTF-8']), /^!ERR_JWT_TOO_LARGE/);
});

test('verifyFunction throws a TypeError for a non-string, never verifies it', () => {
  const fn = verifier().verifyFunction();
  for (const value of [undefined, null, 42, {}, [], Symbol('t'), Buffer.from('a.b.c')]) {
    assert.throws(() => fn(value), TypeError);
  }
});

test('a verify function keeps working after its NativeVerifier is gone', () => {
  const good = signJwt({ sub: 'u' }, SECRET, { audience: 'aud', issuer: 'iss', expiresIn: 60 });
  const fns = [];
  for (let i = 0; i < 50; i++) fns.push(verifier().verifyFunction());
  // Many short-lived verifiers and functions: their native halves are released by the GC finalizer.
  for (let i = 0; i < 2000; i++) verifier().verifyFunction();
  if (global.gc) global.gc();
  for (const fn of fns) assert.equal(JSON.parse(fn(good)).sub, 'u');
});

test('a huge token (with a raised maxTokenBytes) gives the same answer, and the next token still verifies', () => {
  const v = new native.NativeVerifier('secret', SECRET, JSON.stringify({ algorithms: ['HS256'], maxTokenBytes: 1 << 20 }));
  const fn = v.verifyFunction();
  const good = signJwt({ sub: 'u', pad: 'x'.repeat(200 * 1024) }, SECRET);
  assert.ok(good.length > 200 * 1024);
  assert.equal(fn(good), v.verify(good));
  assert.equal(JSON.parse(fn(good)).pad.length, 200 * 1024);
  const small = signJwt({ sub: 'small' }, SECRET);
  assert.equal(JSON.parse(fn(small)).sub, 'small');
  assert.equal(fn(`${small}x`), v.verify(`${small}x`));
});
