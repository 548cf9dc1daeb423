'use strict';
// The error-code catalogue (lib/error-codes.js) is the one list of codes: the Rust core's codes and every code
// the JavaScript layers set are in it, each code becomes the class it names, and the core's encoded answers
// are decoded in one place (lib/verification/core.js).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const nodeRedAuthJwt = require('..');
const { libFiles } = require('./support/lib-files');
const { errorCodes, CODE } = require('../lib/error-codes');
const { fromCode, JsonWebTokenError, TokenExpiredError, NotBeforeError } = require('../lib/errors');
const core = require('../lib/verification/core');

const root = path.join(__dirname, '..');

test('the catalogue is exported, frozen, and every entry names its class and message', () => {
  assert.equal(nodeRedAuthJwt.errorCodes, errorCodes);
  assert.ok(Object.isFrozen(errorCodes));
  for (const [code, entry] of Object.entries(errorCodes)) {
    assert.ok(Object.isFrozen(entry), code);
    assert.equal(entry.code, code);
    assert.equal(CODE[code], code);
    assert.ok(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError', 'TypeError', 'Error'].includes(entry.class), code);
    assert.ok(entry.message.length > 0, code);
  }
  assert.throws(() => {
    'use strict';
    errorCodes.ERR_JWT_EXPIRED = {};
  }, TypeError);
});

test('every code of the Rust core is in the catalogue, with the same fixed message', () => {
  const rust = fs.readFileSync(path.join(root, 'src', 'error.rs'), 'utf8');
  const codes = new Map([...rust.matchAll(/JwtError::(\w+)(?:\([^)]*\))? => "(ERR_[A-Z_]+)"/g)].map((m) => [m[1], m[2]]));
  assert.ok(codes.size >= 20, `read ${codes.size} codes from src/error.rs`);
  for (const [, code] of codes) assert.ok(errorCodes[code], `${code} is missing from lib/error-codes.js`);
  // The fixed messages (`Variant => "text".into()`) are the catalogue's messages.
  const messages = [...rust.matchAll(/JwtError::(\w+)(?:\(_\))? => "([^"]+)"\.into\(\)/g)];
  assert.ok(messages.length >= 15);
  for (const [, variant, message] of messages) assert.equal(errorCodes[codes.get(variant)].message, message, variant);
});

test('no file in lib/ names a code that is not in the catalogue', () => {
  // Codes of Node itself that the package reads or imitates.
  const nodeCodes = new Set(['ERR_INVALID_URL', 'ERR_UNHANDLED_REJECTION']);
  const unknown = [];
  let seen = 0;
  for (const file of libFiles().filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(file, 'utf8');
    // A code as a string literal, or as a CODE constant (where a typo would silently be undefined).
    for (const m of text.matchAll(/['"`](ERR_[A-Z_]*[A-Z])['"`]|\bCODE\.(\w+)/g)) {
      const code = m[1] || m[2];
      seen += 1;
      if (!errorCodes[code] && !nodeCodes.has(code) && !code.startsWith('ERR_PARSE_ARGS')) unknown.push(`${path.relative(root, file)}: ${code}`);
    }
  }
  assert.ok(seen > 50, `found ${seen} codes in lib/`);
  assert.deepEqual(unknown, []);
});

test('each code becomes the class the catalogue names, with its default message', () => {
  const classes = { JsonWebTokenError, TokenExpiredError, NotBeforeError };
  for (const [code, entry] of Object.entries(errorCodes)) {
    if (!classes[entry.class]) continue;
    const err = fromCode(code, undefined, 1700000000);
    assert.equal(err.constructor, classes[entry.class], code);
    assert.equal(err.name, entry.class, code);
    assert.equal(err.code, code);
    assert.equal(err.message, entry.message);
  }
  assert.equal(fromCode(CODE.ERR_JWT_EXPIRED, 'jwt expired', 1700000000).expiredAt.getTime(), 1700000000000);
  assert.equal(fromCode(CODE.ERR_JWT_NOT_ACTIVE, 'jwt not active', 1700000001).date.getTime(), 1700000001000);
  // An identity-claim message names what the options expected.
  assert.equal(fromCode(CODE.ERR_JWT_ISSUER, '', NaN, { issuer: ['a', 'b'] }).message, 'jwt issuer invalid. expected: a,b');
});

test('core.js decodes the core answers: failures into errors, results as they are', () => {
  const secret = 'error-codes-test-secret-0123456789';
  const verifier = core.compile('secret', secret, JSON.stringify({ algorithms: ['HS256'] }));
  const run = core.verifyFunction(verifier);
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from('{"sub":"u","exp":1}').toString('base64url');
  const signature = crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');

  const expired = run(`${header}.${payload}.${signature}`);
  assert.ok(core.isFailure(expired));
  const err = core.failure(expired);
  assert.ok(err instanceof TokenExpiredError);
  assert.equal(err.code, 'ERR_JWT_EXPIRED');
  assert.equal(err.expiredAt.getTime(), 1000);

  const bad = core.failure(run(`${header}.${payload}.AAAA`));
  assert.equal(bad.code, 'ERR_JWT_SIGNATURE');
  assert.equal(bad.message, 'invalid signature');

  assert.deepEqual(core.decodeHeader(`${header}.${payload}.${signature}`, 4096), { alg: 'HS256', typ: 'JWT' });
  assert.equal(core.decodeHeader('junk', 4096).code, 'ERR_JWT_MALFORMED');
  assert.deepEqual(core.decodeHeaderSegment(header, 4096), { alg: 'HS256', typ: 'JWT' });
  assert.equal(core.decodeHeaderSegment(header, 4).code, 'ERR_JWT_TOO_LARGE');

  assert.throws(() => core.compile('secret', secret, '{"algorithms":["none"]}'), (e) => e instanceof JsonWebTokenError && e.code === 'ERR_JWT_OPTIONS');
  assert.throws(() => core.compile('pem', 'not a key', '{}'), (e) => e.code === 'ERR_JWT_KEY_INVALID');
});

test('core.selectKey: the index of the key for a header, or ERR_JWKS_NO_MATCHING_KEY', () => {
  const jwk = (kid) => ({ ...crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid });
  const set = core.compile('remote-jwks', JSON.stringify({ keys: [jwk('a'), jwk('b')] }), JSON.stringify({ algorithms: ['EdDSA', 'RS256'] }));
  const segment = (h) => Buffer.from(JSON.stringify(h)).toString('base64url');
  assert.equal(core.selectKey(set, segment({ alg: 'EdDSA', kid: 'b' })), 1);
  assert.equal(core.selectKey(set, segment({ alg: 'EdDSA', kid: 'a' })), 0);
  assert.equal(core.selectKey(set, segment({ alg: 'EdDSA', kid: 'c' })).code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(core.selectKey(set, segment({ alg: 'RS256', kid: 'a' })).code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(core.selectKey(set, segment({ alg: 'HS256', kid: 'a' })).code, 'ERR_JWT_ALGORITHM');
  assert.equal(core.selectKey(set, '!!').code, 'ERR_JWT_INVALID');
});
