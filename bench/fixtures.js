'use strict';
// Keys and tokens for the benchmark: one key per algorithm, and for each a valid token plus the bad tokens every
// contender must reject before it is timed. Tokens are signed by the tests' one signer (node:crypto,
// __test__/support/jws.js) so that no contender's own signer is involved.

const crypto = require('crypto');
const jws = require('../__test__/support/jws');

const ISSUER = 'https://issuer.bench.local';
const AUDIENCE = 'node-red-admin';
const ALGS = ['HS256', 'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

const b64url = (input) => Buffer.from(input).toString('base64url');

function makeKeys(alg) {
  if (alg === 'HS256') {
    // A 32-byte secret written as text, the way a settings.js holds it.
    const secret = crypto.randomBytes(24).toString('base64');
    return { secret, signKey: secret, verifyString: secret, verifyObject: crypto.createSecretKey(Buffer.from(secret)) };
  }
  let pair;
  if (alg === 'RS256' || alg === 'PS256') pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  else if (alg === 'ES256') pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  else if (alg === 'ES384') pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  else pair = crypto.generateKeyPairSync('ed25519');
  const pem = pair.publicKey.export({ type: 'spki', format: 'pem' });
  return { signKey: pair.privateKey, verifyString: pem, verifyObject: pair.publicKey };
}

// The tests' one signer; `alg` picks the signature even when the header claims another.
function signRaw(alg, key, headerObj, payloadObj) {
  return jws.sign(payloadObj, key, headerObj, alg);
}

// Change one base64url character in the middle of a segment, keeping the alphabet valid.
function flipChar(segment) {
  const i = Math.floor(segment.length / 2);
  const c = segment[i] === 'A' ? 'B' : 'A';
  return segment.slice(0, i) + c + segment.slice(i + 1);
}

function makeFixture(alg, now = Math.floor(Date.now() / 1000)) {
  const keys = makeKeys(alg);
  const header = { alg, typ: 'JWT' };
  // A day of validity: the soak and HTTP runs must never cross `exp`.
  const claims = { sub: 'user-1234', name: 'Ada Lovelace', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 86400 };
  const valid = signRaw(alg, keys.signKey, header, claims);
  const [h, p, s] = valid.split('.');
  const otherPayload = b64url(JSON.stringify({ ...claims, sub: 'admin' }));
  const bad = {
    'tampered payload': `${h}.${otherPayload}.${s}`,
    'tampered signature': `${h}.${p}.${flipChar(s)}`,
    expired: signRaw(alg, keys.signKey, header, { ...claims, iat: now - 7200, exp: now - 3600 }),
    'wrong aud': signRaw(alg, keys.signKey, header, { ...claims, aud: 'someone-else' }),
    'wrong iss': signRaw(alg, keys.signKey, header, { ...claims, iss: 'https://evil.example' }),
    'alg none': `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`,
    'alg none, signature kept': `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.${s}`,
  };
  return { alg, keys, claims, valid, bad };
}

/** Fresh valid tokens with distinct `jti`s, for cache-miss and soak runs. */
function makeDistinctTokens(fixture, count, now = Math.floor(Date.now() / 1000)) {
  const out = new Array(count);
  const header = { alg: fixture.alg, typ: 'JWT' };
  for (let i = 0; i < count; i++) {
    out[i] = signRaw(fixture.alg, fixture.keys.signKey, header, { ...fixture.claims, iat: now, jti: `t${i}` });
  }
  return out;
}

/** The options every passport-jwt-shaped contender gets, so they all check the same claims. */
function strategyOptions(fixture, ExtractJwt, secretOrKey) {
  return {
    secretOrKey,
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [fixture.alg],
  };
}

module.exports = { ALGS, ISSUER, AUDIENCE, makeFixture, makeDistinctTokens, signRaw, strategyOptions };
