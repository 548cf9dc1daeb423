'use strict';
// Strategy: passport-jwt 4.0.1's contract, driven the way Passport drives it (authenticate on
// Object.create(strategy) with the actions attached), with real tokens signed by the tests' signer (byte for
// byte what node jsonwebtoken signs) and verified by our native core.

const { describe, test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const PassportStrategy = require('passport-strategy').Strategy;
const Strategy = require('../lib/passport/strategy');
const ExtractJwt = require('../lib/passport/extract-jwt');
const { verify } = require('../lib/verification/verify');
const { JsonWebTokenError, TokenExpiredError, NotBeforeError } = require('../lib/errors');
const jws = require('./support/jws');

const SECRET = 'a-long-enough-hmac-secret-for-tests';
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = crypto.generateKeyPairSync('ed25519');
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
const ecPublicPem = ec.publicKey.export({ type: 'spki', format: 'pem' });

const ACTIONS = ['success', 'fail', 'error', 'redirect', 'pass'];
const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();
const toUser = (payload, done) => done(null, payload);

function sign(payload, key = SECRET, options = {}) {
  return jws.signJwt(payload, key, { algorithm: 'HS256', ...options });
}

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

// node jsonwebtoken 9 cannot sign EdDSA, so those tokens come from the tests' own signer.
const signEdDSA = (payload, privateKey) => jws.sign(payload, privateKey, { alg: 'EdDSA', typ: 'JWT' });

function reqWith(token, extra = {}) {
  return { method: 'GET', url: '/', headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, ...extra };
}

function strategy(options = {}, verifyCb = toUser) {
  return new Strategy({ jwtFromRequest: bearer, secretOrKey: SECRET, ...options }, verifyCb);
}

/**
 * Runs one authentication as Passport does and records every action. `calls` is filled synchronously
 * for a synchronous strategy; `settled` resolves on the first action for asynchronous ones.
 */
function attempt(s, req, overrides = {}) {
  const calls = [];
  let resolveFirst;
  const settled = new Promise((resolve) => (resolveFirst = resolve));
  const self = Object.create(s);
  for (const action of ACTIONS) {
    self[action] = function (...args) {
      calls.push({ action, args, self: this });
      resolveFirst(calls[0]);
      if (overrides[action]) overrides[action].apply(this, args);
    };
  }
  self.authenticate(req, overrides.authenticateOptions);
  return { calls, self, settled };
}

function only(outcome) {
  assert.equal(outcome.calls.length, 1, `expected exactly one action, got ${outcome.calls.map((c) => c.action)}`);
  return outcome.calls[0];
}

function expectSuccess(s, req) {
  const call = only(attempt(s, req));
  assert.equal(call.action, 'success', call.args[0] && call.args[0].message);
  return call.args[0];
}

function expectFail(s, req) {
  const call = only(attempt(s, req));
  assert.equal(call.action, 'fail', `expected fail, got ${call.action}`);
  return call.args[0];
}

// Tests replace the static verifier; put the real one back after each.
afterEach(() => {
  Strategy.JwtVerifier = verify;
});

describe('module shape', () => {
  test("named 'jwt', inherits passport-strategy via util.inherits, prototype has only authenticate", () => {
    const s = strategy();
    assert.equal(s.name, 'jwt');
    assert.ok(s instanceof PassportStrategy);
    assert.equal(Object.getPrototypeOf(Strategy.prototype), PassportStrategy.prototype);
    assert.equal(Strategy.super_, PassportStrategy);
    assert.deepEqual(Object.getOwnPropertyNames(Strategy.prototype).sort(), ['authenticate', 'constructor']);
  });

  test('instance fields are the ones passport-jwt has, in its order', () => {
    assert.deepEqual(Object.keys(strategy()), [
      'name',
      '_secretOrKeyProvider',
      '_verify',
      '_jwtFromRequest',
      '_passReqToCallback',
      '_verifOpts',
    ]);
  });

  test('JwtVerifier is a writable static whose default is lib/verification/verify.verify', () => {
    assert.equal(Strategy.JwtVerifier, verify);
    const descriptor = Object.getOwnPropertyDescriptor(Strategy, 'JwtVerifier');
    assert.equal(descriptor.writable, true);
  });
});

describe('constructor checks: same TypeErrors, same order', () => {
  const provider = (req, token, done) => done(null, SECRET);
  const cases = [
    ['both a key and a provider, even with nothing else',
      [{ secretOrKey: SECRET, secretOrKeyProvider: provider }, undefined],
      'JwtStrategy has been given both a secretOrKey and a secretOrKeyProvider'],
    ['no key, before the missing verify', [{ secretOrKey: null }, undefined], 'JwtStrategy requires a secret or key'],
    ['an empty-string key', [{ secretOrKey: '', jwtFromRequest: bearer }, toUser], 'JwtStrategy requires a secret or key'],
    ['a zero key', [{ secretOrKey: 0, jwtFromRequest: bearer }, toUser], 'JwtStrategy requires a secret or key'],
    ['no verify, before the missing extractor', [{ secretOrKey: SECRET }, undefined],
      'JwtStrategy requires a verify callback'],
    ['no verify with a provider', [{ secretOrKeyProvider: provider, jwtFromRequest: bearer }, null],
      'JwtStrategy requires a verify callback'],
    ['no extractor', [{ secretOrKey: SECRET }, toUser],
      'JwtStrategy requires a function to retrieve jwt from requests (see option jwtFromRequest)'],
  ];
  for (const [title, args, message] of cases) {
    test(title, () => {
      assert.throws(() => new Strategy(...args), (err) => {
        assert.ok(err instanceof TypeError);
        assert.equal(err.message, message);
        return true;
      });
    });
  }

  test('undefined options is a TypeError from the property access', () => {
    assert.throws(() => new Strategy(undefined, toUser), TypeError);
  });

  test('truthy non-functions are accepted at construction, as in passport-jwt', () => {
    assert.doesNotThrow(() => new Strategy({ secretOrKeyProvider: 'x', jwtFromRequest: 'y' }, 'z'));
  });
});

describe('_verifOpts', () => {
  test('top-level options over jsonWebTokenOptions, in passport-jwt shape', () => {
    const jsonWebTokenOptions = { clockTolerance: 10, maxAge: '1h', subject: 'u1' };
    const s = strategy({
      issuer: 'iss',
      audience: ['a', /b/],
      algorithms: ['HS256'],
      ignoreExpiration: false,
      jsonWebTokenOptions,
    });
    assert.deepEqual(Object.keys(s._verifOpts), [
      'clockTolerance', 'maxAge', 'subject', 'audience', 'issuer', 'algorithms', 'ignoreExpiration',
    ]);
    assert.deepEqual(s._verifOpts, {
      clockTolerance: 10,
      maxAge: '1h',
      subject: 'u1',
      audience: ['a', /b/],
      issuer: 'iss',
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
    assert.notEqual(s._verifOpts, jsonWebTokenOptions);
    assert.deepEqual(jsonWebTokenOptions, { clockTolerance: 10, maxAge: '1h', subject: 'u1' });
  });

  test('without options it still holds the four keys', () => {
    assert.deepEqual(strategy()._verifOpts, {
      audience: undefined,
      issuer: undefined,
      algorithms: undefined,
      ignoreExpiration: false,
    });
  });

  test('ignoreExpiration is coerced with !!, so the string "false" turns expiry checks off', (t) => {
    const warnings = recordWarnings(t);
    const s = strategy({ ignoreExpiration: 'false' });
    assert.equal(s._verifOpts.ignoreExpiration, true);
    const expired = sign({ sub: 'u', exp: Math.floor(Date.now() / 1000) - 3600 });
    assert.equal(expectSuccess(s, reqWith(expired)).sub, 'u');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /ignoreExpiration is a string/);
  });

  test('quirk kept: jsonWebTokenOptions.audience is overwritten by the top-level value, with a warning', (t) => {
    const warnings = recordWarnings(t);
    const s = strategy({ jsonWebTokenOptions: { audience: 'B', issuer: 'I' } });
    assert.equal(s._verifOpts.audience, undefined);
    assert.equal(s._verifOpts.issuer, undefined);
    // As with passport-jwt, a token for audience A authenticates although B was "asked for".
    assert.equal(expectSuccess(s, reqWith(sign({ sub: 'u', aud: 'A', iss: 'X' }))).aud, 'A');
    assert.deepEqual(
      warnings.map((w) => [w.code, w.message.split(' ')[0]]),
      [
        ['NODE_RED_AUTH_JWT_IGNORED_OPTION', 'jsonWebTokenOptions.audience'],
        ['NODE_RED_AUTH_JWT_IGNORED_OPTION', 'jsonWebTokenOptions.issuer'],
      ],
    );
  });

  test('no warning when the nested value equals the top-level one, or for ordinary options', (t) => {
    const warnings = recordWarnings(t);
    strategy({ audience: 'A', algorithms: ['HS256'], jsonWebTokenOptions: { audience: 'A', algorithms: ['HS256'], ignoreExpiration: false } });
    strategy({ issuer: 'i', audience: 'a', ignoreExpiration: true, jsonWebTokenOptions: { maxAge: 60 } });
    assert.deepEqual(warnings, []);
  });
});

function recordWarnings(t) {
  const warnings = [];
  const original = process.emitWarning;
  process.emitWarning = (message, options) => warnings.push({ message, code: options && options.code });
  t.after(() => {
    process.emitWarning = original;
  });
  return warnings;
}

describe('secretOrKey forms, verified by the native core', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const forms = [
    ['string secret, HS256', SECRET, () => sign({ sub: 'u' }), () => sign({ sub: 'u' }, 'wrong-secret-wrong-secret')],
    ['Buffer secret, HS384', Buffer.from(SECRET), () => sign({ sub: 'u' }, SECRET, { algorithm: 'HS384' }),
      () => sign({ sub: 'u' }, 'wrong-secret-wrong-secret', { algorithm: 'HS384' })],
    ['secret KeyObject, HS512', crypto.createSecretKey(Buffer.from(SECRET)),
      () => sign({ sub: 'u' }, SECRET, { algorithm: 'HS512' }), () => sign({ sub: 'u' }, 'nope-nope-nope-nope', { algorithm: 'HS512' })],
    ['public KeyObject, RS256', rsa.publicKey, () => sign({ sub: 'u' }, rsa.privateKey, { algorithm: 'RS256' }),
      () => sign({ sub: 'u' }, otherRsa.privateKey, { algorithm: 'RS256' })],
    ['PEM string, PS256', rsaPublicPem, () => sign({ sub: 'u' }, rsa.privateKey, { algorithm: 'PS256' }),
      () => sign({ sub: 'u' }, otherRsa.privateKey, { algorithm: 'PS256' })],
    ['PEM Buffer, ES256', Buffer.from(ecPublicPem), () => sign({ sub: 'u' }, ec.privateKey, { algorithm: 'ES256' }),
      () => sign({ sub: 'u' }, crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, { algorithm: 'ES256' })],
    ['EC JWK object, ES256', ec.publicKey.export({ format: 'jwk' }),
      () => sign({ sub: 'u' }, ec.privateKey, { algorithm: 'ES256' }), () => sign({ sub: 'u' }, SECRET)],
    ['Ed25519 JWK object, EdDSA', ed.publicKey.export({ format: 'jwk' }),
      () => signEdDSA({ sub: 'u', exp: now() + 60 }, ed.privateKey),
      () => signEdDSA({ sub: 'u' }, crypto.generateKeyPairSync('ed25519').privateKey)],
  ];
  for (const [title, key, good, bad] of forms) {
    test(title, () => {
      const s = strategy({ secretOrKey: key });
      assert.equal(expectSuccess(s, reqWith(good())).sub, 'u');
      const info = expectFail(s, reqWith(bad()));
      assert.ok(info instanceof JsonWebTokenError);
    });
  }

  test('JWKS object: the key is chosen by kid', () => {
    const jwks = {
      keys: [
        { ...otherRsa.publicKey.export({ format: 'jwk' }), kid: 'old', alg: 'RS256', use: 'sig' },
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'current', alg: 'RS256', use: 'sig' },
      ],
    };
    const s = strategy({ secretOrKey: jwks });
    const token = (kid, key) => sign({ sub: kid }, key, { algorithm: 'RS256', keyid: kid });
    assert.equal(expectSuccess(s, reqWith(token('current', rsa.privateKey))).sub, 'current');
    assert.equal(expectSuccess(s, reqWith(token('old', otherRsa.privateKey))).sub, 'old');
    assert.equal(expectFail(s, reqWith(token('old', rsa.privateKey))).message, 'invalid signature');
    assert.ok(expectFail(s, reqWith(token('unknown', rsa.privateKey))) instanceof JsonWebTokenError);
  });

  test('a (header, callback) key function, as node jsonwebtoken allows, completes asynchronously', async () => {
    const seen = [];
    const keyFor = (header, cb) => {
      seen.push(header.kid);
      setImmediate(() => cb(null, rsaPublicPem));
    };
    const s = strategy({ secretOrKey: keyFor });
    const outcome = attempt(s, reqWith(sign({ sub: 'u' }, rsa.privateKey, { algorithm: 'RS256', keyid: 'k1' })));
    assert.equal(outcome.calls.length, 0);
    const call = await outcome.settled;
    assert.equal(call.action, 'success');
    assert.equal(call.args[0].sub, 'u');
    assert.deepEqual(seen, ['k1']);
  });

  test('a private key PEM works like node jsonwebtoken (its public half verifies)', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const s = strategy({ secretOrKey: privatePem });
    assert.equal(expectSuccess(s, reqWith(sign({ sub: 'u' }, rsa.privateKey, { algorithm: 'RS256' }))).sub, 'u');
  });
});

describe('authenticate: extraction and "No auth token"', () => {
  for (const value of ['', null, undefined, 0, false]) {
    test(`an extractor result of ${JSON.stringify(value) || 'undefined'} fails with Error('No auth token')`, () => {
      let verifierCalls = 0;
      Strategy.JwtVerifier = () => verifierCalls++;
      const s = strategy({ jwtFromRequest: () => value });
      const info = expectFail(s, reqWith());
      assert.ok(info instanceof Error);
      assert.equal(Object.getPrototypeOf(info), Error.prototype);
      assert.equal(info.message, 'No auth token');
      assert.equal(info.code, undefined);
      assert.equal(verifierCalls, 0);
    });
  }

  test('the extractor is called with the request and `this` = the per-request strategy', () => {
    let seen;
    const req = reqWith(sign({ sub: 'u' }));
    const s = strategy({
      jwtFromRequest(r) {
        seen = { self: this, r };
        return bearer(r);
      },
    });
    const outcome = attempt(s, req);
    assert.equal(seen.self, outcome.self);
    assert.equal(seen.r, req);
    assert.equal(only(outcome).action, 'success');
  });

  test('an extractor that throws makes authenticate throw (not error)', () => {
    const s = strategy({ jwtFromRequest: () => { throw new Error('extractor broke'); } });
    assert.throws(() => attempt(s, reqWith()), /extractor broke/);
  });

  test('a non-string token fails with "jwt must be a string"', () => {
    const s = strategy({ jwtFromRequest: ExtractJwt.fromUrlQueryParameter('token') });
    const info = expectFail(s, reqWith(undefined, { url: '/?token=a&token=b' }));
    assert.equal(info.message, 'jwt must be a string');
    assert.ok(info instanceof JsonWebTokenError);
  });

  test("authenticate's options argument is ignored", () => {
    const s = strategy();
    const call = only(attempt(s, reqWith(sign({ sub: 'u' })), { authenticateOptions: { session: false, failWithError: true } }));
    assert.equal(call.action, 'success');
  });
});

describe('authenticate: the verify callback and its outcomes', () => {
  const token = () => sign({ sub: 'u', n: 1 });

  test('verify gets (payload, done) with `this` = the per-request strategy', () => {
    let seen;
    const s = strategy({}, function (payload, done) {
      seen = { self: this, payload, arity: arguments.length };
      done(null, { id: payload.sub }, { scope: 'all' });
    });
    const outcome = attempt(s, reqWith(token()));
    const call = only(outcome);
    assert.equal(call.action, 'success');
    assert.deepEqual(call.args, [{ id: 'u' }, { scope: 'all' }]);
    assert.equal(seen.self, outcome.self);
    assert.equal(seen.self.name, 'jwt');
    assert.equal(typeof seen.self.fail, 'function');
    assert.equal(seen.arity, 2);
    assert.equal(seen.payload.n, 1);
  });

  test('passReqToCallback gives verify (req, payload, done)', () => {
    let seen;
    const req = reqWith(token());
    const s = strategy({ passReqToCallback: true }, (r, payload, done) => {
      seen = { r, payload };
      done(null, payload.sub);
    });
    assert.equal(expectSuccess(s, req), 'u');
    assert.equal(seen.r, req);
    assert.equal(seen.payload.sub, 'u');
  });

  test('done(err) gives error(err)', () => {
    const err = new Error('db down');
    const call = only(attempt(strategy({}, (p, done) => done(err, { id: 1 })), reqWith(token())));
    assert.equal(call.action, 'error');
    assert.equal(call.args[0], err);
  });

  for (const user of [false, null, undefined, 0, '']) {
    test(`done(null, ${JSON.stringify(user) || 'undefined'}, info) gives fail(info)`, () => {
      const info = { message: 'unknown user' };
      const call = only(attempt(strategy({}, (p, done) => done(null, user, info)), reqWith(token())));
      assert.equal(call.action, 'fail');
      assert.deepEqual(call.args, [info]);
    });
  }

  test('done(null, false) without info gives fail(undefined)', () => {
    const call = only(attempt(strategy({}, (p, done) => done(null, false)), reqWith(token())));
    assert.equal(call.action, 'fail');
    assert.deepEqual(call.args, [undefined]);
  });

  test('done is not once-guarded, as in passport-jwt: calling it twice gives two actions', () => {
    const outcome = attempt(strategy({}, (p, done) => {
      done(null, 'u');
      done(null, false);
    }), reqWith(token()));
    assert.deepEqual(outcome.calls.map((c) => c.action), ['success', 'fail']);
  });

  test('verify throwing before done gives error(exception)', () => {
    const boom = new Error('EXCEPTION');
    const call = only(attempt(strategy({}, () => { throw boom; }), reqWith(token())));
    assert.equal(call.action, 'error');
    assert.equal(call.args[0], boom);
  });

  test('a non-function verify gives error(TypeError), as in passport-jwt', () => {
    const call = only(attempt(new Strategy({ jwtFromRequest: bearer, secretOrKey: SECRET }, 'not a function'), reqWith(token())));
    assert.equal(call.action, 'error');
    assert.ok(call.args[0] instanceof TypeError);
  });

  test('deliberate difference: an exception thrown downstream of success is rethrown, not sent to error', () => {
    // passport-jwt would catch it and call error() too, so a custom callback would run twice.
    const downstream = new Error('downstream');
    const calls = [];
    const self = Object.create(strategy());
    for (const action of ACTIONS) self[action] = () => calls.push(action);
    self.success = () => {
      calls.push('success');
      throw downstream;
    };
    assert.throws(() => self.authenticate(reqWith(token())), (err) => err === downstream);
    assert.deepEqual(calls, ['success']);
  });

  test('deliberate difference: verify throwing after calling done is rethrown, not sent to error', () => {
    const late = new Error('late');
    const calls = [];
    const self = Object.create(strategy({}, (p, done) => {
      done(null, 'u');
      throw late;
    }));
    for (const action of ACTIONS) self[action] = () => calls.push(action);
    assert.throws(() => self.authenticate(reqWith(token())), (err) => err === late);
    assert.deepEqual(calls, ['success']);
  });

  test('completes synchronously with a fixed key and the default verifier', () => {
    const s = strategy();
    for (const t of [token(), 'garbage', sign({ sub: 'u' }, 'another-secret-another-secret')]) {
      const outcome = attempt(s, reqWith(t));
      assert.equal(outcome.calls.length, 1);
    }
  });
});

describe('secretOrKeyProvider', () => {
  test('gets (req, raw token, done) with `this` = the per-request strategy; its key is used', () => {
    const t = sign({ sub: 'u' }, rsa.privateKey, { algorithm: 'RS256' });
    const req = reqWith(t);
    let seen;
    const s = new Strategy({
      jwtFromRequest: bearer,
      secretOrKeyProvider(r, raw, done) {
        seen = { self: this, r, raw };
        done(null, rsaPublicPem);
      },
    }, toUser);
    const outcome = attempt(s, req);
    assert.equal(only(outcome).action, 'success');
    assert.equal(seen.self, outcome.self);
    assert.equal(seen.r, req);
    assert.equal(seen.raw, t);
  });

  test('a synchronous provider completes synchronously', () => {
    const s = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: (r, raw, done) => done(null, SECRET) }, toUser);
    assert.equal(only(attempt(s, reqWith(sign({ sub: 'u' })))).action, 'success');
  });

  test('an asynchronous provider completes later', async () => {
    const s = new Strategy({
      jwtFromRequest: bearer,
      secretOrKeyProvider: (r, raw, done) => setImmediate(() => done(null, SECRET)),
    }, toUser);
    const outcome = attempt(s, reqWith(sign({ sub: 'u' })));
    assert.equal(outcome.calls.length, 0);
    assert.equal((await outcome.settled).action, 'success');
    assert.equal(outcome.calls.length, 1);
  });

  test('a provider error goes to fail, unchanged (a string stays a string)', () => {
    const s = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: (r, raw, done) => done('no key for you') }, toUser);
    assert.equal(expectFail(s, reqWith(sign({ sub: 'u' }))), 'no key for you');
    const err = new Error('jwks down');
    const s2 = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: (r, raw, done) => done(err) }, toUser);
    assert.equal(expectFail(s2, reqWith(sign({ sub: 'u' }))), err);
  });

  test('a provider that yields no key fails with "secret or public key must be provided"', () => {
    const s = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: (r, raw, done) => done(null) }, toUser);
    const info = expectFail(s, reqWith(sign({ sub: 'u' })));
    assert.ok(info instanceof JsonWebTokenError);
    assert.equal(info.message, 'secret or public key must be provided');
  });

  test('a provider that throws synchronously makes authenticate throw', () => {
    const s = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: () => { throw new Error('provider broke'); } }, toUser);
    assert.throws(() => attempt(s, reqWith(sign({ sub: 'u' }))), /provider broke/);
  });
});

describe('Strategy.JwtVerifier', () => {
  test('a replacement is called as Strategy.JwtVerifier(token, key, _verifOpts, callback)', () => {
    const calls = [];
    Strategy.JwtVerifier = function (token, key, options, callback) {
      calls.push({ self: this, token, key, options, callback });
      callback(null, { sub: 'stubbed' });
    };
    const s = strategy({ issuer: 'i' });
    assert.equal(expectSuccess(s, reqWith('not-even-a-jwt')).sub, 'stubbed');
    assert.equal(calls.length, 1);
    assert.equal(calls[0].self, Strategy);
    assert.equal(calls[0].token, 'not-even-a-jwt');
    assert.equal(calls[0].key, SECRET);
    assert.equal(calls[0].options, s._verifOpts);
    assert.equal(typeof calls[0].callback, 'function');
  });

  test('it is looked up on every request', () => {
    const s = strategy();
    const t = sign({ sub: 'real' });
    assert.equal(expectSuccess(s, reqWith(t)).sub, 'real');
    Strategy.JwtVerifier = (token, key, options, cb) => cb(null, { sub: 'first stub' });
    assert.equal(expectSuccess(s, reqWith(t)).sub, 'first stub');
    Strategy.JwtVerifier = (token, key, options, cb) => cb(new Error('jwt expired'));
    assert.equal(expectFail(s, reqWith(t)).message, 'jwt expired');
    Strategy.JwtVerifier = verify;
    assert.equal(expectSuccess(s, reqWith(t)).sub, 'real');
  });

  test('its error goes to fail as the same object, and verify is not called', () => {
    const err = new Error('jwt expired');
    let verifyCalls = 0;
    Strategy.JwtVerifier = (token, key, options, cb) => cb(err, false);
    const s = strategy({}, () => verifyCalls++);
    assert.equal(expectFail(s, reqWith('x.y.z')), err);
    assert.equal(verifyCalls, 0);
  });

  test('the fast path and the callback path give the same outcomes', () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      sign({ sub: 'u', aud: 'A', iss: 'I' }),
      sign({ sub: 'u', aud: 'B', iss: 'I' }),
      sign({ sub: 'u', aud: 'A', iss: 'J' }),
      sign({ sub: 'u', aud: 'A', iss: 'I', exp: now - 10 }),
      sign({ sub: 'u', aud: 'A', iss: 'I', nbf: now + 600 }),
      sign({ sub: 'u', aud: 'A', iss: 'I' }, 'some-other-secret-some-other'),
      sign({ sub: 'u', aud: 'A', iss: 'I' }, SECRET, { algorithm: 'HS512' }),
      `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u', aud: 'A', iss: 'I' })}.`,
      'a.b.c',
      'not a jwt',
      `${sign({ sub: 'u' }).split('.').slice(0, 2).join('.')}.`,
    ];
    const describeCall = (call) => ({
      action: call.action,
      value: call.action === 'success'
        ? call.args[0]
        : { name: call.args[0].name, message: call.args[0].message, code: call.args[0].code },
    });
    const s = strategy({ audience: 'A', issuer: 'I', algorithms: ['HS256'] });
    const viaCallbacks = (...args) => verify(...args);
    for (const t of tokens) {
      Strategy.JwtVerifier = verify;
      const fast = describeCall(only(attempt(s, reqWith(t))));
      Strategy.JwtVerifier = viaCallbacks;
      const slow = describeCall(only(attempt(s, reqWith(t))));
      assert.deepEqual(fast, slow, t);
    }
  });
});

describe('claims and algorithms (native core, node jsonwebtoken 9 semantics)', () => {
  const now = () => Math.floor(Date.now() / 1000);

  test('expired: TokenExpiredError with expiredAt; ignoreExpiration accepts it', () => {
    const exp = now() - 60;
    const t = sign({ sub: 'u', exp });
    const info = expectFail(strategy(), reqWith(t));
    assert.ok(info instanceof TokenExpiredError);
    assert.equal(info.name, 'TokenExpiredError');
    assert.equal(info.message, 'jwt expired');
    assert.equal(info.code, 'ERR_JWT_EXPIRED');
    assert.equal(info.expiredAt.getTime(), exp * 1000);
    assert.equal(expectSuccess(strategy({ ignoreExpiration: true }), reqWith(t)).sub, 'u');
  });

  test('not yet valid: NotBeforeError with date', () => {
    const nbf = now() + 600;
    const info = expectFail(strategy(), reqWith(sign({ sub: 'u', nbf })));
    assert.ok(info instanceof NotBeforeError);
    assert.equal(info.message, 'jwt not active');
    assert.equal(info.date.getTime(), nbf * 1000);
  });

  test('issuer and audience, with node jsonwebtoken messages', () => {
    const s = strategy({ issuer: ['I1', 'I2'], audience: ['A1', /^urn:a:/] });
    assert.equal(expectSuccess(s, reqWith(sign({ sub: 'u', iss: 'I2', aud: 'A1' }))).sub, 'u');
    assert.equal(expectSuccess(s, reqWith(sign({ sub: 'u', iss: 'I1', aud: 'urn:a:x' }))).sub, 'u');
    assert.equal(expectFail(s, reqWith(sign({ sub: 'u', iss: 'I3', aud: 'A1' }))).message, 'jwt issuer invalid. expected: I1,I2');
    assert.equal(
      expectFail(s, reqWith(sign({ sub: 'u', iss: 'I1', aud: 'B' }))).message,
      'jwt audience invalid. expected: A1 or /^urn:a:/',
    );
  });

  test('algorithms restricts what is accepted', () => {
    const s = strategy({ algorithms: ['HS256'] });
    assert.equal(expectFail(s, reqWith(sign({ sub: 'u' }, SECRET, { algorithm: 'HS384' }))).message, 'invalid algorithm');
    assert.equal(expectSuccess(s, reqWith(sign({ sub: 'u' }))).sub, 'u');
  });

  test('alg none never succeeds, whatever the options say', () => {
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u' })}.`;
    for (const options of [{}, { algorithms: ['none'] }, { algorithms: ['none', 'HS256'] }]) {
      assert.ok(expectFail(strategy(options), reqWith(none)) instanceof JsonWebTokenError);
    }
    const s = new Strategy({ jwtFromRequest: bearer, secretOrKeyProvider: (r, raw, done) => done(null, null), algorithms: ['none'] }, toUser);
    assert.ok(expectFail(s, reqWith(none)) instanceof JsonWebTokenError);
  });

  test('algorithm confusion: an HS256 token keyed with the RSA public key PEM fails', () => {
    const forged = jws.sign({ sub: 'admin' }, rsaPublicPem, { alg: 'HS256', typ: 'JWT' });
    const info = expectFail(strategy({ secretOrKey: rsaPublicPem }), reqWith(forged));
    assert.ok(info instanceof JsonWebTokenError);
  });

  test('tampered payload and malformed tokens fail', () => {
    const [h, , sig] = sign({ sub: 'u' }).split('.');
    assert.equal(expectFail(strategy(), reqWith(`${h}.${b64url({ sub: 'admin' })}.${sig}`)).message, 'invalid signature');
    assert.equal(expectFail(strategy(), reqWith('abc.def')).message, 'jwt malformed');
    assert.ok(expectFail(strategy(), reqWith('a.b.c')) instanceof JsonWebTokenError);
  });

  test('jsonWebTokenOptions: maxAge, clockTolerance, subject and complete are honoured', () => {
    const old = sign({ sub: 'u', iat: now() - 7200 });
    assert.equal(expectFail(strategy({ jsonWebTokenOptions: { maxAge: '1h' } }), reqWith(old)).message, 'maxAge exceeded');
    const justExpired = sign({ sub: 'u', exp: now() - 5 });
    assert.equal(expectSuccess(strategy({ jsonWebTokenOptions: { clockTolerance: 60 } }), reqWith(justExpired)).sub, 'u');
    assert.equal(
      expectFail(strategy({ jsonWebTokenOptions: { subject: 'v' } }), reqWith(sign({ sub: 'u' }))).message,
      'jwt subject invalid. expected: v',
    );
    const t = sign({ sub: 'u' });
    const complete = expectSuccess(strategy({ jsonWebTokenOptions: { complete: true } }), reqWith(t));
    assert.deepEqual(complete.header, { alg: 'HS256', typ: 'JWT' });
    assert.equal(complete.payload.sub, 'u');
    assert.equal(complete.signature, t.split('.')[2]);
  });

  test('a bad jsonWebTokenOptions value fails the request with the jsonwebtoken message', () => {
    const s = strategy({ jsonWebTokenOptions: { maxAge: 'soon' } });
    assert.match(expectFail(s, reqWith(sign({ sub: 'u' }))).message, /^"maxAge" should be a number of seconds/);
  });

  test('the payload keeps __proto__ as an own property and numbers as numbers', () => {
    const t = jws.signJwt('{"sub":"u","__proto__":{"admin":true},"n":1.5}', SECRET, { algorithm: 'HS256' });
    const payload = expectSuccess(strategy(), reqWith(t));
    assert.ok(Object.prototype.hasOwnProperty.call(payload, '__proto__'));
    assert.equal({}.admin, undefined);
    assert.equal(payload.admin, undefined);
    assert.equal(payload.n, 1.5);
  });
});
