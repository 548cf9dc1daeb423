'use strict';
// A key changed in place takes effect on the next call, as with passport-jwt (which reads the key each time):
// an overwritten Buffer or Uint8Array, a `{key, format: 'jwk'}` holder given another key, a JWK whose members
// change, a JWKS with a key spliced out or added. An unchanged key is compiled once, not per call.

const { test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { signJwt } = require('./support/jws');
const native = require('../lib/verification/native');
const { verify } = require('../lib/verification/verify');
const Strategy = require('../lib/passport/strategy');
const ExtractJwt = require('../lib/passport/extract-jwt');

const RealVerifier = native.NativeVerifier;
let compiles = 0;
native.NativeVerifier = function CountingVerifier(...args) {
  compiles += 1;
  return new RealVerifier(...args);
};
afterEach(() => {
  compiles = 0;
});

const rsaA = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaB = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwkOf = (pair, kid) => ({ ...pair.publicKey.export({ format: 'jwk' }), kid });
const rs = (pair, kid) => signJwt({ sub: kid }, pair.privateKey, { algorithm: 'RS256', keyid: kid, expiresIn: 60 });
const tokenA = rs(rsaA, 'a');
const tokenB = rs(rsaB, 'b');

function accepts(token, key, options) {
  try {
    verify(token, key, options);
    return true;
  } catch (err) {
    assert.ok(['ERR_JWT_SIGNATURE', 'ERR_JWT_KEY_NOT_FOUND', 'ERR_JWT_NO_MATCHING_KEY'].includes(err.code) || /signature|key/i.test(err.message), err.message);
    return false;
  }
}

test('a Buffer secret overwritten in place: the next call uses the new bytes; unchanged, it is compiled once', () => {
  const secret = crypto.randomBytes(32);
  const oldToken = signJwt({ sub: 'u' }, secret, { expiresIn: 60 });
  const options = {};
  for (let i = 0; i < 5; i++) assert.equal(accepts(oldToken, secret, options), true);
  assert.equal(compiles, 1);
  const next = crypto.randomBytes(32);
  next.copy(secret);
  assert.equal(accepts(oldToken, secret, options), false);
  assert.equal(accepts(signJwt({ sub: 'u' }, next, { expiresIn: 60 }), secret, options), true);
  assert.equal(compiles, 2);
});

test('a Uint8Array secret changed in one byte is recompiled', () => {
  const secret = new Uint8Array(crypto.randomBytes(40));
  const token = signJwt({ sub: 'u' }, Buffer.from(secret), { expiresIn: 60 });
  const options = {};
  assert.equal(accepts(token, secret, options), true);
  secret[39] ^= 1;
  assert.equal(accepts(token, secret, options), false);
});

test('a {key, format: "jwk"} holder given another key, or with its JWK changed member by member', () => {
  const holder = { key: jwkOf(rsaA, 'a'), format: 'jwk' };
  const options = { algorithms: ['RS256'] };
  holder.key.extra = ['x5c-like', 'list']; // a nested array is part of the snapshot too
  assert.equal(accepts(tokenA, holder, options), true);
  holder.key = jwkOf(rsaB, 'b');
  assert.equal(accepts(tokenA, holder, options), false);
  assert.equal(accepts(tokenB, holder, options), true);
  const b = jwkOf(rsaA, 'a');
  holder.key.n = b.n; // same holder, same inner object, other modulus
  holder.key.kid = 'a';
  assert.equal(accepts(tokenB, holder, options), false);
  assert.equal(accepts(tokenA, holder, options), true);
});

test('a JWKS with a key spliced out stops accepting its tokens; one pushed in is accepted', () => {
  const jwks = { keys: [jwkOf(rsaA, 'a')] };
  const options = {}; // one options object, as a Strategy keeps: the cache is per options object
  assert.equal(accepts(tokenA, jwks, options), true);
  assert.equal(accepts(tokenB, jwks, options), false);
  jwks.keys.push(jwkOf(rsaB, 'b'));
  assert.equal(accepts(tokenB, jwks, options), true);
  jwks.keys.splice(0, 1);
  assert.equal(accepts(tokenA, jwks, options), false);
  assert.equal(accepts(tokenB, jwks, options), true);
});

test('through the Strategy: secretOrKey changed in place is read on the next request', () => {
  const secret = crypto.randomBytes(32);
  const s = new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret }, (p, done) => done(null, p.sub));
  const run = (token) => {
    const outcome = [];
    const self = Object.assign(Object.create(s), { success: (u) => outcome.push(['success', u]), fail: () => outcome.push(['fail']), error: (e) => outcome.push(['error', e]) });
    self.authenticate({ headers: { authorization: `Bearer ${token}` } });
    return outcome[0][0];
  };
  const oldToken = signJwt({ sub: 'u' }, secret, { expiresIn: 60 });
  assert.equal(run(oldToken), 'success');
  const rotated = crypto.randomBytes(32);
  rotated.copy(secret);
  assert.equal(run(oldToken), 'fail');
  assert.equal(run(signJwt({ sub: 'u' }, rotated, { expiresIn: 60 })), 'success');
});
