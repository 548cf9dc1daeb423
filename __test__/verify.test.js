'use strict';
// `verify(token, key, options)`: every algorithm with every key form, every claim rule, and the deliberate
// hardening (strict claim types, RSA >= 2048, crit, size limit, PEM never an HMAC secret, no `none`).

const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const { verify } = require('../lib/verification/verify');
const { JsonWebTokenError, TokenExpiredError, NotBeforeError } = require('../lib/errors');
const { sign, b64url, keyForms, signingKey, KEYS, SECRET, ALGORITHMS, publicJwk } = require('./support/jws');

const NOW = 1_800_000_000;
const at = (extra = {}) => ({ clockTimestamp: NOW, ...extra });

/** Asserts `fn` throws the jwt9-style error: class, name, message and our stable code. */
function rejects(fn, { cls = JsonWebTokenError, name = cls.name, message, code }) {
  let thrown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown, 'expected a rejection, got a payload');
  assert.ok(thrown instanceof cls, `expected ${cls.name}, got ${thrown && thrown.constructor.name}: ${thrown.message}`);
  assert.equal(thrown.name, name);
  if (message instanceof RegExp) assert.match(thrown.message, message);
  else if (message !== undefined) assert.equal(thrown.message, message);
  if (code !== undefined) assert.equal(thrown.code, code);
  return thrown;
}

const hs = (payload, header) => sign(payload, SECRET, header);

describe('every algorithm with every key form', () => {
  for (const alg of ALGORITHMS) {
    const payload = { sub: 'alice', iat: NOW - 10, exp: NOW + 600 };
    const token = sign(payload, signingKey(alg), { alg, kid: 'the-kid' });
    for (const [label, key] of keyForms(alg)) {
      test(`${alg} / ${label}`, () => {
        assert.deepEqual(verify(token, key, at()), payload);
        // The same token with one signature bit flipped must fail with this key form too.
        const sig = Buffer.from(token.split('.')[2], 'base64url');
        sig[sig.length >> 1] ^= 0x01;
        const tampered = `${token.split('.').slice(0, 2).join('.')}.${sig.toString('base64url')}`;
        rejects(() => verify(tampered, key, at()), { message: 'invalid signature', code: 'ERR_JWT_SIGNATURE' });
      });
    }
  }

  test('JWKS picks the key by kid; an unknown kid finds none', () => {
    const [, jwks] = keyForms('RS256').find(([l]) => l === 'JWKS (kid)');
    const token = sign({ sub: 'x' }, KEYS.rsa.private, { alg: 'RS256', kid: 'nope' });
    rejects(() => verify(token, jwks, at()), { message: 'no matching key found', code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const decoy = sign({ sub: 'x' }, KEYS.rsa.private, { alg: 'RS256', kid: 'decoy' });
    // The decoy kid names a P-256 key: it cannot verify RS256, so no key matches.
    rejects(() => verify(decoy, jwks, at()), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  test('a private KeyObject is refused: the verifier only takes public material', () => {
    const token = sign({ sub: 'x' }, KEYS.rsa.private, { alg: 'RS256' });
    rejects(() => verify(token, crypto.createPrivateKey(KEYS.rsa.private), at()), { code: 'ERR_JWT_KEY_INVALID' });
  });

  test('a JWK restricted by alg / use / key_ops verifies only what it allows', () => {
    const token = sign({ sub: 'x' }, KEYS.rsa.private, { alg: 'RS256' });
    assert.equal(verify(token, publicJwk('rsa', { alg: 'RS256', use: 'sig' }), at()).sub, 'x');
    for (const extra of [{ alg: 'PS256' }, { use: 'enc' }, { key_ops: ['encrypt'] }]) {
      rejects(() => verify(token, publicJwk('rsa', extra), at()), { message: 'invalid algorithm' });
    }
  });

  test('algorithms as a single string works as in jwt9; a comma list is refused, not substring-matched', () => {
    const token = sign({ sub: 'x' }, KEYS.rsa.private, { alg: 'RS256' });
    assert.equal(verify(token, KEYS.rsa.spki, at({ algorithms: 'RS256' })).sub, 'x');
    rejects(() => verify(token, KEYS.rsa.spki, at({ algorithms: 'PS256' })), { message: 'invalid algorithm' });
    rejects(() => verify(token, KEYS.rsa.spki, at({ algorithms: 'RS256,HS256' })), { code: 'ERR_JWT_OPTIONS' });
  });

  test('a key given as a callback (header, cb) receives the header and is used', () => {
    const token = sign({ sub: 'cb' }, KEYS.p256.private, { alg: 'ES256', kid: 'k-1' });
    let seenKid;
    let result;
    verify(token, (header, cb) => { seenKid = header.kid; cb(null, KEYS.p256.spki); }, at(), (err, payload) => {
      result = err || payload;
    });
    assert.equal(seenKid, 'k-1');
    assert.equal(result.sub, 'cb');
  });

  test('an options object changed between calls is honoured, never served from a stale compiled verifier', () => {
    const token = hs({ exp: NOW + 10, aud: 'a', iss: 'i' });
    const opts = { clockTimestamp: NOW, audience: ['a'], issuer: 'i' };
    assert.ok(verify(token, SECRET, opts));
    opts.clockTimestamp = NOW + 100;
    rejects(() => verify(token, SECRET, opts), { cls: TokenExpiredError });
    opts.clockTimestamp = NOW;
    opts.audience[0] = 'b';
    rejects(() => verify(token, SECRET, opts), { message: 'jwt audience invalid. expected: b' });
    opts.audience[0] = 'a';
    opts.issuer = 'j';
    rejects(() => verify(token, SECRET, opts), { message: 'jwt issuer invalid. expected: j' });
    delete opts.issuer;
    opts.maxAge = 1;
    rejects(() => verify(token, SECRET, opts), { message: 'iat required when maxAge is specified' });
  });

  test('callback form completes synchronously with (err) or (null, payload)', () => {
    const calls = [];
    verify(hs({ a: 1 }), SECRET, at(), (err, p) => calls.push([err, p]));
    verify('x.y.z', SECRET, at(), (err, p) => calls.push([err && err.name, p]));
    assert.deepEqual(calls, [[null, { a: 1 }], ['JsonWebTokenError', undefined]]);
  });
});

describe('time claims', () => {
  test('exp: expired at exp == now, with expiredAt', () => {
    const err = rejects(() => verify(hs({ exp: NOW }), SECRET, at()), { cls: TokenExpiredError, message: 'jwt expired', code: 'ERR_JWT_EXPIRED' });
    assert.deepEqual(err.expiredAt, new Date(NOW * 1000));
    assert.equal(verify(hs({ exp: NOW + 1 }), SECRET, at()).exp, NOW + 1);
  });

  test('exp: clockTolerance extends it; ignoreExpiration skips it', () => {
    assert.ok(verify(hs({ exp: NOW - 5 }), SECRET, at({ clockTolerance: 6 })));
    rejects(() => verify(hs({ exp: NOW - 5 }), SECRET, at({ clockTolerance: 5 })), { cls: TokenExpiredError });
    assert.ok(verify(hs({ exp: NOW - 5000 }), SECRET, at({ ignoreExpiration: true })));
  });

  test('nbf: not active before, with date; tolerance; ignoreNotBefore', () => {
    const err = rejects(() => verify(hs({ nbf: NOW + 10 }), SECRET, at()), { cls: NotBeforeError, message: 'jwt not active', code: 'ERR_JWT_NOT_ACTIVE' });
    assert.deepEqual(err.date, new Date((NOW + 10) * 1000));
    assert.ok(verify(hs({ nbf: NOW }), SECRET, at()));
    assert.ok(verify(hs({ nbf: NOW + 10 }), SECRET, at({ clockTolerance: 10 })));
    assert.ok(verify(hs({ nbf: NOW + 10 }), SECRET, at({ ignoreNotBefore: true })));
  });

  test('clockTimestamp moves "now"; without it the real clock applies', () => {
    const token = hs({ exp: NOW });
    assert.ok(verify(token, SECRET, { clockTimestamp: NOW - 1 }));
    const real = Math.floor(Date.now() / 1000);
    rejects(() => verify(hs({ exp: real - 1 }), SECRET), { cls: TokenExpiredError });
    assert.ok(verify(hs({ exp: real + 60 }), SECRET));
    rejects(() => verify(token, SECRET, { clockTimestamp: 'soon' }), { message: 'clockTimestamp must be a number' });
  });

  test('maxAge as a number of seconds', () => {
    assert.ok(verify(hs({ iat: NOW - 59 }), SECRET, at({ maxAge: 60 })));
    const err = rejects(() => verify(hs({ iat: NOW - 60 }), SECRET, at({ maxAge: 60 })), { cls: TokenExpiredError, message: 'maxAge exceeded', code: 'ERR_JWT_MAX_AGE' });
    assert.deepEqual(err.expiredAt, new Date(NOW * 1000));
    assert.ok(verify(hs({ iat: NOW - 60 }), SECRET, at({ maxAge: 60, clockTolerance: 1 })));
    rejects(() => verify(hs({ sub: 'x' }), SECRET, at({ maxAge: 60 })), { message: 'iat required when maxAge is specified', code: 'ERR_JWT_IAT_REQUIRED' });
  });

  test('maxAge as a timespan string', () => {
    assert.ok(verify(hs({ iat: NOW - 3599 }), SECRET, at({ maxAge: '1h' })));
    rejects(() => verify(hs({ iat: NOW - 3600 }), SECRET, at({ maxAge: '1h' })), { cls: TokenExpiredError, message: 'maxAge exceeded' });
    rejects(() => verify(hs({ iat: NOW }), SECRET, at({ maxAge: 'forever' })), {
      message: '"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60',
    });
  });
});

describe('identity claims', () => {
  test('issuer: string and array; absent or other is rejected with the expected value', () => {
    assert.ok(verify(hs({ iss: 'a' }), SECRET, at({ issuer: 'a' })));
    assert.ok(verify(hs({ iss: 'b' }), SECRET, at({ issuer: ['a', 'b'] })));
    rejects(() => verify(hs({ iss: 'c' }), SECRET, at({ issuer: 'a' })), { message: 'jwt issuer invalid. expected: a', code: 'ERR_JWT_ISSUER' });
    rejects(() => verify(hs({}), SECRET, at({ issuer: ['a', 'b'] })), { message: 'jwt issuer invalid. expected: a,b' });
  });

  test('audience: string, RegExp and array; any-of against string or array claims', () => {
    assert.ok(verify(hs({ aud: 'api' }), SECRET, at({ audience: 'api' })));
    assert.ok(verify(hs({ aud: ['x', 'api'] }), SECRET, at({ audience: 'api' })));
    assert.ok(verify(hs({ aud: 'urn:api:v2' }), SECRET, at({ audience: /^urn:api:/ })));
    assert.ok(verify(hs({ aud: ['no', 'urn:api:v2'] }), SECRET, at({ audience: ['other', /^urn:api:/] })));
    assert.ok(verify(hs({ aud: 'b' }), SECRET, at({ audience: ['a', 'b'] })));
    rejects(() => verify(hs({ aud: 'web' }), SECRET, at({ audience: 'api' })), { message: 'jwt audience invalid. expected: api', code: 'ERR_JWT_AUDIENCE' });
    rejects(() => verify(hs({ aud: 'web' }), SECRET, at({ audience: [/^urn:/, 'api'] })), { message: 'jwt audience invalid. expected: /^urn:/ or api' });
    rejects(() => verify(hs({}), SECRET, at({ audience: /x/ })), { code: 'ERR_JWT_AUDIENCE' });
    rejects(() => verify(hs({ aud: [] }), SECRET, at({ audience: 'api' })), { code: 'ERR_JWT_AUDIENCE' });
    // Stricter than jwt9: a missing aud never matches a RegExp (jwt9 tests it against "undefined")...
    rejects(() => verify(hs({}), SECRET, at({ audience: /def/ })), { code: 'ERR_JWT_AUDIENCE' });
    // ...and a /g RegExp gives the same answer every time.
    const sticky = { audience: /^api$/g };
    for (let i = 0; i < 3; i++) assert.ok(verify(hs({ aud: 'api' }), SECRET, at(sticky)));
  });

  test('subject, jwtid and nonce: exact match', () => {
    assert.ok(verify(hs({ sub: 's' }), SECRET, at({ subject: 's' })));
    rejects(() => verify(hs({ sub: 't' }), SECRET, at({ subject: 's' })), { message: 'jwt subject invalid. expected: s', code: 'ERR_JWT_SUBJECT' });
    assert.ok(verify(hs({ jti: 'j' }), SECRET, at({ jwtid: 'j' })));
    rejects(() => verify(hs({}), SECRET, at({ jwtid: 'j' })), { message: 'jwt jwtid invalid. expected: j', code: 'ERR_JWT_JWTID' });
    assert.ok(verify(hs({ nonce: 'n' }), SECRET, at({ nonce: 'n' })));
    rejects(() => verify(hs({ nonce: 'm' }), SECRET, at({ nonce: 'n' })), { message: 'jwt nonce invalid. expected: n', code: 'ERR_JWT_NONCE' });
    rejects(() => verify(hs({ nonce: 'n' }), SECRET, at({ nonce: '  ' })), { message: 'nonce must be a non-empty string' });
  });

  test('non-string issuer / subject / jwtid options fail closed (jwt9 would skip or never match them)', () => {
    const token = hs({ iss: '5', sub: '5', jti: '5' });
    rejects(() => verify(token, SECRET, at({ issuer: 5 })), { message: '"issuer" must be a string or an array of strings', code: 'ERR_JWT_OPTIONS' });
    rejects(() => verify(token, SECRET, at({ issuer: ['5', 5] })), { code: 'ERR_JWT_OPTIONS' });
    rejects(() => verify(token, SECRET, at({ subject: 5 })), { message: '"subject" must be a string', code: 'ERR_JWT_OPTIONS' });
    rejects(() => verify(token, SECRET, at({ subject: ['5'] })), { code: 'ERR_JWT_OPTIONS' });
    rejects(() => verify(token, SECRET, at({ jwtid: 5 })), { message: '"jwtid" must be a string', code: 'ERR_JWT_OPTIONS' });
    assert.ok(verify(token, SECRET, at({ issuer: '5', subject: '5', jwtid: '5' })));
  });

  test('complete: header, payload and signature', () => {
    const token = hs({ sub: 'c' }, { kid: 'k' });
    const out = verify(token, SECRET, at({ complete: true }));
    assert.deepEqual(out, { header: { alg: 'HS256', kid: 'k' }, payload: { sub: 'c' }, signature: token.split('.')[2] });
  });
});

describe('strict claim types (deliberate difference from jsonwebtoken 9)', () => {
  const cases = [
    [{ exp: '9999999999' }, 'invalid exp value'],
    [{ exp: null }, 'invalid exp value'],
    [{ nbf: true }, 'invalid nbf value'],
    [{ iat: '1' }, 'invalid iat value'],
    [{ aud: 1 }, 'invalid aud value'],
    [{ aud: ['a', 2] }, 'invalid aud value'],
    [{ iss: ['a'] }, 'invalid iss value'],
    [{ sub: 7 }, 'invalid sub value'],
  ];
  for (const [payload, message] of cases) {
    test(`${JSON.stringify(payload)} -> ${message}`, () => {
      rejects(() => verify(hs(payload), SECRET, at()), { message, code: 'ERR_JWT_CLAIM_TYPE' });
    });
  }
  test('a payload that is not a JSON object is rejected', () => {
    for (const payload of ['"admin"', '42', '[1,2]', 'null']) {
      rejects(() => verify(hs(payload), SECRET, at()), { code: 'ERR_JWT_PAYLOAD' });
    }
  });
});

describe('hardening', () => {
  test('RSA keys under 2048 bits are refused in every form', () => {
    const token = sign({ sub: 'x' }, KEYS.rsa1024.private, { alg: 'RS256' });
    for (const key of [KEYS.rsa1024.spki, KEYS.rsa1024.private, crypto.createPublicKey(KEYS.rsa1024.spki), crypto.createPublicKey(KEYS.rsa1024.spki).export({ format: 'jwk' })]) {
      rejects(() => verify(token, key, at()), { message: 'RSA keys must be at least 2048 bits', code: 'ERR_JWT_KEY_TOO_SMALL' });
    }
  });

  test('a crit header is rejected, whatever it lists', () => {
    for (const header of [{ crit: ['exp'], exp: 1 }, { crit: [] }, { crit: ['b64'], b64: false }, { b64: false }]) {
      rejects(() => verify(hs({}, header), SECRET, at()), { message: 'jwt crit header is not supported', code: 'ERR_JWT_CRIT' });
    }
  });

  test('size limit: 16 KiB by default, configurable with maxTokenBytes', () => {
    const fits = hs({ pad: 'x'.repeat(11_000) });
    assert.ok(fits.length < 16 * 1024);
    assert.ok(verify(fits, SECRET, at()));
    const big = hs({ pad: 'x'.repeat(13_000) });
    assert.ok(big.length > 16 * 1024);
    rejects(() => verify(big, SECRET, at()), { message: 'jwt too large', code: 'ERR_JWT_TOO_LARGE' });
    assert.ok(verify(big, SECRET, at({ maxTokenBytes: 32 * 1024 })));
    rejects(() => verify(fits, SECRET, at({ maxTokenBytes: 1024 })), { code: 'ERR_JWT_TOO_LARGE' });
    rejects(() => verify(fits, SECRET, at({ maxTokenBytes: 0 })), { code: 'ERR_JWT_OPTIONS' });
    // With a key callback the limit applies before the header is decoded and the callback is asked.
    let asked = false;
    let outcome;
    verify(big, (header, cb) => { asked = true; cb(null, SECRET); }, at(), (err) => { outcome = err; });
    assert.equal(asked, false);
    assert.equal(outcome.code, 'ERR_JWT_TOO_LARGE');
  });

  test('PEM text is never an HMAC secret (algorithm confusion)', () => {
    for (const pem of [KEYS.rsa.spki, KEYS.rsa.pkcs1, KEYS.rsa.cert, KEYS.p256.spki, KEYS.ed25519.spki]) {
      const forged = sign({ sub: 'admin' }, pem, { alg: 'HS256' });
      for (const key of [pem, Buffer.from(pem)]) {
        // Default algorithms follow the key type, so HS256 is not allowed at all...
        rejects(() => verify(forged, key, at()), { message: 'invalid algorithm' });
        // ...and when it is, a public key still never MACs.
        rejects(() => verify(forged, key, at({ algorithms: ['HS256'] })), { message: 'secretOrPublicKey must be a symmetric key when using HS256' });
      }
    }
    // Not even when the PEM sits inside a longer string that looks like a secret: it is read as the PEM.
    const wrapped = `secret:${KEYS.rsa.spki}`;
    const forged = sign({}, wrapped, { alg: 'HS256' });
    rejects(() => verify(forged, wrapped, at()), { message: 'invalid algorithm' });
    rejects(() => verify(forged, Buffer.from(wrapped), at({ algorithms: ['HS256'] })), { message: 'secretOrPublicKey must be a symmetric key when using HS256' });
  });

  test('alg "none" is rejected in every spelling, with and without a key', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const unsigned = `${b64url(JSON.stringify({ alg }))}.${b64url('{"sub":"admin"}')}.`;
      rejects(() => verify(unsigned, SECRET, at()), { message: 'jwt signature is required' });
      rejects(() => verify(unsigned, SECRET, at({ algorithms: ['none'] })), {});
      rejects(() => verify(unsigned, undefined, at({ algorithms: ['none'] })), { message: 'invalid algorithm' });
      rejects(() => verify(unsigned, undefined, at()), { message: 'please specify "none" in "algorithms" to verify unsigned tokens' });
      const maced = `${unsigned}${crypto.createHmac('sha256', SECRET).update(unsigned.slice(0, -1)).digest('base64url')}`;
      rejects(() => verify(maced, SECRET, at()), { message: 'invalid algorithm' });
    }
  });

  test('__proto__ in the payload stays an own property and changes no prototype', () => {
    const out = verify(hs('{"__proto__":{"isAdmin":true},"sub":"x"}'), SECRET, at());
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(out, '__proto__'));
    assert.equal(out.isAdmin, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__').value, { isAdmin: true });
    assert.equal({}.isAdmin, undefined);
  });

  test('numbers stay Numbers (no BigInt), beyond 2^53 too', () => {
    const out = verify(hs('{"big":18446744073709551615,"exp":1e300}'), SECRET, at());
    assert.equal(typeof out.big, 'number');
    assert.equal(out.exp, 1e300);
  });

  test('panic guard: a Rust panic becomes ERR_JWT_INTERNAL and the process carries on', () => {
    const out = require('../lib/verification/native').panicProbe();
    assert.equal(typeof out, 'string');
    assert.match(out, /^!ERR_JWT_INTERNAL\t/);
    assert.ok(verify(hs({ after: 'panic' }), SECRET, at()));
  });

  test('token argument checks match jsonwebtoken 9', () => {
    rejects(() => verify('', SECRET), { message: 'jwt must be provided' });
    rejects(() => verify(42, SECRET), { message: 'jwt must be a string' });
    rejects(() => verify(hs({}), undefined, at()), { message: 'secret or public key must be provided' });
  });
});
