'use strict';
// Differential test: our `verify` against jsonwebtoken@9.0.3 (what passport-jwt calls) as the oracle.
// For every case of a generated corpus the verdict (accept/reject), the error `name` and `message`, and the
// accepted payload must be equal, except for the documented differences listed in DIFFERENCES below.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const jwt9 = require('jsonwebtoken');
const { verify } = require('../lib/verification/verify');
const { sign, b64url, signingKey, KEYS, SECRET } = require('./support/jws');

assert.equal(require('jsonwebtoken/package.json').version, '9.0.3', 'the oracle is pinned');

const NOW = 1_800_000_000;

// Algorithms jwt9 supports (it has no EdDSA).
const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Key forms both libraries take: jwt9 has no JWK/JWKS support, so those are covered in verify.test.js. */
function sharedKeyForms(alg) {
  if (alg.startsWith('HS')) {
    return [
      ['secret string', SECRET],
      ['secret Buffer', Buffer.from(SECRET)],
      ['secret KeyObject', crypto.createSecretKey(Buffer.from(SECRET))],
    ];
  }
  const k = alg.startsWith('ES') ? KEYS[{ ES256: 'p256', ES384: 'p384', ES512: 'p521' }[alg]] : KEYS.rsa;
  const forms = [
    ['PEM SPKI string', k.spki],
    ['PEM SPKI Buffer', Buffer.from(k.spki)],
    ['public KeyObject', crypto.createPublicKey(k.spki)],
    ['CERTIFICATE', k.cert],
    ['private PEM', k.private],
  ];
  if (k.pkcs1) forms.push(['PKCS#1 RSA PUBLIC KEY', k.pkcs1]);
  return forms;
}

const base = () => ({ sub: 'alice', iss: 'issuer-1', aud: 'api', jti: 'id-1', iat: NOW - 100, exp: NOW + 600 });

function tamperPayload(token) {
  const [h, , s] = token.split('.');
  return `${h}.${b64url(JSON.stringify({ ...base(), sub: 'admin' }))}.${s}`;
}

function tamperSignature(token) {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[0] ^= 0x80;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

/** Scenarios applied to every algorithm and key form: [label, payload, options, token transform]. */
const SCENARIOS = [
  ['valid', base(), {}],
  ['valid, all identity options', base(), { audience: 'api', issuer: 'issuer-1', subject: 'alice', jwtid: 'id-1' }],
  ['valid, complete', base(), { complete: true }],
  ['expired', { ...base(), exp: NOW - 1 }, {}],
  ['expired at exp == now', { ...base(), exp: NOW }, {}],
  ['expired, within clockTolerance', { ...base(), exp: NOW - 5 }, { clockTolerance: 10 }],
  ['expired, ignoreExpiration', { ...base(), exp: NOW - 5000 }, { ignoreExpiration: true }],
  ['not yet valid', { ...base(), nbf: NOW + 60 }, {}],
  ['not yet valid, ignoreNotBefore', { ...base(), nbf: NOW + 60 }, { ignoreNotBefore: true }],
  ['wrong audience', base(), { audience: 'other' }],
  ['wrong audience (array option)', base(), { audience: ['x', /^y/] }],
  ['audience RegExp match', base(), { audience: /^a/ }],
  ['missing audience, RegExp matching "undefined"', { ...base(), aud: undefined }, { audience: /def/ }],
  ['missing audience', { ...base(), aud: undefined }, { audience: 'api' }],
  ['wrong issuer', base(), { issuer: 'issuer-2' }],
  ['wrong issuer (array option)', base(), { issuer: ['issuer-2', 'issuer-3'] }],
  ['wrong subject', base(), { subject: 'bob' }],
  ['wrong jwtid', base(), { jwtid: 'id-2' }],
  ['wrong nonce', base(), { nonce: 'n-1' }],
  ['maxAge exceeded', base(), { maxAge: 50 }],
  ['maxAge string ok', base(), { maxAge: '2m' }],
  ['maxAge without iat', { ...base(), iat: undefined }, { maxAge: 60 }],
  ['tampered payload', base(), {}, tamperPayload],
  ['tampered signature', base(), {}, tamperSignature],
  ['signature stripped', base(), {}, (t) => t.slice(0, t.lastIndexOf('.') + 1)],
  ['two segments', base(), {}, (t) => t.slice(0, t.lastIndexOf('.'))],
  ['garbage header', base(), {}, (t) => `e30x${t.slice(t.indexOf('.'))}`],
];

function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return { ok: false, name: err.name, message: err.message, expiredAt: err.expiredAt, date: err.date };
  }
}

function verdict(o) {
  return o.ok ? 'accept' : `${o.name}: ${o.message}`;
}

/**
 * Documented, deliberate differences. Each returns a reason when (case, ours, jwt9) is exactly that
 * difference; anything else must match. These go into the README.
 */
const DIFFERENCES = [
  // Keys must be >= 2048 bits RSA (RFC 7518 §3.3, RFC 8725 §3.2); jwt9 accepts any size.
  (c, ours, theirs) => c.key === 'rsa1024' && !ours.ok && ours.message === 'RSA keys must be at least 2048 bits' && theirs.ok && 'RSA < 2048 refused',
  // With no `algorithms` option an EC key allows only the ES* of its own curve; jwt9 allows ES256/384/512
  // and then fails with a plain Error naming the curve.
  (c, ours, theirs) => c.defaultAlgs && !ours.ok && ours.message === 'invalid algorithm' && !theirs.ok && theirs.name === 'Error' && /requires curve/.test(theirs.message) && 'EC curve decides the default algorithm',
  // A key/alg mismatch is a JsonWebTokenError (so passport-jwt users get a `fail`, and instanceof checks
  // work); jwt9's validateAsymmetricKey throws a plain Error with the same message.
  (c, ours, theirs) => !ours.ok && !theirs.ok && ours.name === 'JsonWebTokenError' && theirs.name === 'Error' && ours.message === theirs.message && 'mismatch is JsonWebTokenError',
  // EdDSA (Ed25519) is supported; jwt9 has no EdDSA: it says 'invalid algorithm' (Ed25519 key, default
  // algorithms), 'Unknown key type "ed25519".' or jws's TypeError '"EdDSA" is not a valid algorithm.'.
  // Ours accepts only with an Ed25519 key and otherwise rejects with a JsonWebTokenError.
  (c, ours, theirs) => c.alg === 'EdDSA' && !theirs.ok && (ours.ok ? c.keyName === 'ed25519' : ours.name === 'JsonWebTokenError') && 'EdDSA supported',
  // Ed25519 keys are supported; jwt9 throws a plain Error 'Unknown key type "ed25519".' for them, while we
  // apply the usual key/alg rules (default algorithms: EdDSA only) with a JsonWebTokenError.
  (c, ours, theirs) => c.keyName === 'ed25519' && !ours.ok && ours.name === 'JsonWebTokenError' && !theirs.ok && theirs.message === 'Unknown key type "ed25519".' && 'Ed25519 keys supported',
  // Known gap: keys whose SPKI algorithm is id-RSASSA-PSS are refused with a clear key error (fails closed);
  // jwt9 verifies PS* with them. Ordinary RSA keys (rsaEncryption) verify PS* as usual.
  (c, ours, theirs) => c.rsaPssKey && !ours.ok && ours.message === 'secretOrPublicKey is not valid key material: unsupported key type' && theirs.ok && 'RSA-PSS-only keys unsupported',
  // A missing `aud` never matches a RegExp audience; jwt9 tests the RegExp against the string "undefined".
  (c, ours, theirs) => /RegExp matching "undefined"/.test(c.name) && !ours.ok && ours.message.startsWith('jwt audience invalid') && theirs.ok && 'missing aud never matches a RegExp',
  // Strict claim types: a registered claim of the wrong type is an error, never "absent" (CVE-2026-25537
  // class); jwt9 only type-checks exp/nbf (and iat with maxAge).
  (c, ours, theirs) => c.strictType && !ours.ok && /^invalid (aud|iss|sub|iat|exp|nbf) value$/.test(ours.message) && 'strict claim type',
  // The payload must be a JSON object (RFC 7519 §7.2); jwt9 returns strings, numbers and arrays.
  (c, ours, theirs) => c.nonObject && !ours.ok && ours.message === 'jwt payload must be a JSON object' && theirs.ok && 'payload must be an object',
  // `crit` is rejected (RFC 7515 §4.1.11: we understand no extension); jwt9 ignores it.
  (c, ours, theirs) => c.crit && !ours.ok && ours.message === 'jwt crit header is not supported' && theirs.ok && 'crit rejected',
];

DIFFERENCES.push(
  // Bad key material gets jwt9's message plus a detail after ': ' (configuration text, never token text).
  (c, ours, theirs) => !ours.ok && !theirs.ok && ours.name === theirs.name && ours.message.startsWith(`${theirs.message}: `) && 'key error has a detail',
  // A string holding '-----BEGIN' is always read as PEM: if it does not parse, the key is refused. jwt9
  // falls back to using the text as an HMAC secret.
  (c, ours, theirs) => c.brokenPem && !ours.ok && ours.message.startsWith('secretOrPublicKey is not valid key material') && 'PEM never a secret',
  // Options that cannot be right fail closed with a JsonWebTokenError: an empty or unknown `algorithms`
  // entry, a non-string issuer/subject/jwtid. jwt9 ignores unknown algorithms and never checks a numeric issuer.
  (c, ours, theirs) => c.badOption && !ours.ok && ours.name === 'JsonWebTokenError' && 'bad options fail closed',
);

function knownDifference(c, ours, theirs) {
  for (const rule of DIFFERENCES) {
    const reason = rule(c, ours, theirs);
    if (reason) return reason;
  }
  return null;
}

function buildCorpus() {
  const corpus = [];
  for (const alg of ALGS) {
    for (const [label, payload, options, transform] of SCENARIOS) {
      let token = sign(payload, signingKey(alg), { alg });
      if (transform) token = transform(token);
      for (const [form, key] of sharedKeyForms(alg)) {
        corpus.push({ name: `${alg} / ${form} / ${label}`, alg, token, key, options: { clockTimestamp: NOW, ...options } });
      }
    }
  }

  // Every token algorithm against every other key type, with default and with explicit algorithms.
  const otherKeys = [
    ['secret', SECRET], ['rsa', KEYS.rsa.spki], ['p256', KEYS.p256.spki], ['p384', KEYS.p384.spki],
    ['p521', KEYS.p521.spki], ['ed25519', KEYS.ed25519.spki],
  ];
  for (const alg of [...ALGS, 'EdDSA']) {
    const token = sign(base(), signingKey(alg), { alg });
    for (const [keyName, key] of otherKeys) {
      corpus.push({ name: `${alg} token / ${keyName} key / default algorithms`, alg, token, key, keyName, defaultAlgs: true, options: { clockTimestamp: NOW } });
      corpus.push({ name: `${alg} token / ${keyName} key / algorithms [${alg}]`, alg, token, key, keyName, options: { clockTimestamp: NOW, algorithms: [alg] } });
    }
  }

  // Algorithm confusion: HS256 MAC'd with the public key's PEM text.
  for (const [keyName, pem] of [['rsa', KEYS.rsa.spki], ['p256', KEYS.p256.spki], ['rsa pkcs1', KEYS.rsa.pkcs1]]) {
    const forged = sign(base(), pem, { alg: 'HS256' });
    for (const algorithms of [undefined, ['HS256'], ['RS256', 'HS256']]) {
      corpus.push({ name: `HS256 forged with ${keyName} PEM / algorithms ${algorithms}`, alg: 'HS256', token: forged, key: pem, options: { clockTimestamp: NOW, algorithms } });
    }
  }

  // RSA 1024.
  for (const alg of ['RS256', 'PS256']) {
    corpus.push({ name: `${alg} / RSA 1024`, alg, key: 'rsa1024', token: sign(base(), KEYS.rsa1024.private, { alg }), keyMaterial: KEYS.rsa1024.spki, options: { clockTimestamp: NOW } });
  }

  // alg none, every spelling, with a key.
  for (const alg of ['none', 'None', 'NONE']) {
    const unsigned = `${b64url(JSON.stringify({ alg }))}.${b64url(JSON.stringify(base()))}.`;
    corpus.push({ name: `alg ${alg}, unsigned`, alg, token: unsigned, key: SECRET, options: { clockTimestamp: NOW } });
  }

  // Claim type and payload shape cases (HS256 keeps them cheap).
  const hs = (payload, header) => sign(payload, SECRET, { alg: 'HS256', ...header });
  const claimCases = [
    ['exp as string', { exp: String(NOW + 60) }],
    ['nbf as string', { nbf: String(NOW - 60) }],
    ['aud as number', { aud: 1 }, { strictType: true }],
    ['iss as number', { iss: 1 }, { strictType: true }],
    ['sub as number', { sub: 1 }, { strictType: true }],
    ['iat as string', { iat: 'x' }, { strictType: true }],
    ['aud number, audience set', { aud: 1 }, { strictType: true }, { audience: 'api' }],
    ['iss array, issuer set', { iss: ['issuer-1'] }, { strictType: true }, { issuer: 'issuer-1' }],
    ['payload string', '"just a string"', { nonObject: true }],
    ['payload number', '42', { nonObject: true }],
    ['payload array', '[1,2,3]', { nonObject: true }],
    ['crit header', base(), { crit: true }, {}, { crit: ['x-ext'], 'x-ext': 1 }],
    ['__proto__ payload', '{"__proto__":{"isAdmin":true},"sub":"x"}'],
    ['fractional exp', { exp: NOW + 0.5 }],
    ['huge exp', { exp: 1e300 }],
    ['exp as string, ignoreExpiration', { exp: 'never' }, { strictType: true }, { ignoreExpiration: true }],
    ['nbf as string, ignoreNotBefore', { nbf: 'later' }, { strictType: true }, { ignoreNotBefore: true }],
  ];
  for (const [label, payload, flags = {}, options = {}, header = {}] of claimCases) {
    corpus.push({ name: `claims: ${label}`, alg: 'HS256', token: hs(payload, header), key: SECRET, ...flags, options: { clockTimestamp: NOW, ...options } });
  }

  // Malformed compact serialisations.
  const good = hs(base());
  const junk = [
    'a.b.c', 'a.b', 'a.b.c.d', '..', 'e30.e30.', `${good}.`, `${good}=`, `!!${good}`, `${good} `,
    `${good.split('.')[0]}=.${good.split('.').slice(1).join('.')}`,
    `${b64url('{"alg":"HS256"')}.${good.split('.').slice(1).join('.')}`,
  ];
  for (const token of junk) {
    corpus.push({ name: `malformed: ${JSON.stringify(token.slice(0, 40))}`, alg: 'HS256', token, key: SECRET, options: { clockTimestamp: NOW } });
  }
  for (const header of [' {"alg":"HS256"}', '\r\n{"alg":"HS256"}\n', '{ "alg" : "HS256" }']) {
    corpus.push({ name: `header with JSON whitespace ${JSON.stringify(header)}`, alg: 'HS256', token: sign(base(), SECRET, header), key: SECRET, options: { clockTimestamp: NOW } });
  }
  // An RSA key restricted to PSS (SPKI algorithm id-RSASSA-PSS), as `openssl genpkey -algorithm RSA-PSS` makes.
  const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 });
  for (const [label, key] of [['PEM', pss.publicKey.export({ type: 'spki', format: 'pem' })], ['KeyObject', pss.publicKey]]) {
    corpus.push({ name: `RSA-PSS key (${label})`, alg: 'PS256', token: sign(base(), pss.privateKey, { alg: 'PS256' }), key, rsaPssKey: true, options: { clockTimestamp: NOW } });
  }
  corpus.push({ name: 'payload not JSON', alg: 'HS256', token: hs('not json'), key: SECRET, nonObject: true, options: { clockTimestamp: NOW } });

  // Bad configuration: key material and options.
  for (const [label, key] of [['empty object', {}], ['number', 123], ['true', true], ['array', [1]]]) {
    corpus.push({ name: `key: ${label}`, alg: 'HS256', token: good, key, options: { clockTimestamp: NOW } });
  }
  const brokenPem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
  corpus.push({ name: 'key: broken PEM', alg: 'RS256', token: sign(base(), KEYS.rsa.private, { alg: 'RS256' }), key: brokenPem, brokenPem: true, options: { clockTimestamp: NOW } });
  corpus.push({ name: 'key: broken PEM, HS256 token MACed with it', alg: 'HS256', token: sign(base(), brokenPem, { alg: 'HS256' }), key: brokenPem, brokenPem: true, options: { clockTimestamp: NOW } });
  const subJti = hs({ ...base(), sub: '5', jti: '5' });
  for (const [label, options] of [
    ['algorithms []', { algorithms: [] }],
    ['algorithms with an unknown name', { algorithms: ['HS256', 'XX256'] }],
    ['algorithms ["none"]', { algorithms: ['none'] }],
    ['issuer as a number', { issuer: 5 }],
    ['subject as a number', { subject: 5 }],
    ['jwtid as a number', { jwtid: 5 }],
    ['subject as an array', { subject: ['5'] }],
  ]) {
    corpus.push({ name: `options: ${label}`, alg: 'HS256', token: subJti, key: SECRET, badOption: true, options: { clockTimestamp: NOW, ...options } });
  }
  return corpus;
}

test('differential against jsonwebtoken 9.0.3', () => {
  const corpus = buildCorpus();
  const mismatches = [];
  const differences = {};
  let accepted = 0;
  for (const c of corpus) {
    const key = c.keyMaterial || c.key;
    const ours = outcome(() => verify(c.token, key, { ...c.options }));
    const theirs = outcome(() => jwt9.verify(c.token, key, { ...c.options }));
    if (ours.ok && theirs.ok) {
      accepted++;
      // Compare as JSON: same own properties, same values (including an own `__proto__`).
      if (JSON.stringify(ours.value) !== JSON.stringify(theirs.value)) mismatches.push(`${c.name}: payloads differ`);
      if (Object.getPrototypeOf(ours.value) !== Object.getPrototypeOf(theirs.value)) mismatches.push(`${c.name}: prototypes differ`);
      continue;
    }
    if (!ours.ok && !theirs.ok && ours.name === theirs.name && ours.message === theirs.message) {
      if (String(ours.expiredAt) !== String(theirs.expiredAt) || String(ours.date) !== String(theirs.date)) {
        mismatches.push(`${c.name}: error dates differ`);
      }
      continue;
    }
    const reason = knownDifference(c, ours, theirs);
    if (reason) {
      differences[reason] = (differences[reason] || 0) + 1;
      continue;
    }
    mismatches.push(`${c.name}: ours ${verdict(ours)} | jwt9 ${verdict(theirs)}`);
  }
  console.log(`differential corpus: ${corpus.length} cases, ${accepted} accepted by both, documented differences: ${JSON.stringify(differences)}`);
  assert.ok(corpus.length > 500, 'the corpus is generated');
  assert.ok(accepted > 100, 'the corpus has accepted cases');
  assert.deepEqual(mismatches, []);
  // Each documented difference actually occurs: a rule that never fires is a stale claim.
  for (const reason of ['RSA < 2048 refused', 'EC curve decides the default algorithm', 'mismatch is JsonWebTokenError', 'EdDSA supported', 'Ed25519 keys supported', 'strict claim type', 'payload must be an object', 'crit rejected', 'key error has a detail', 'PEM never a secret', 'bad options fail closed', 'missing aud never matches a RegExp', 'RSA-PSS-only keys unsupported']) {
    assert.ok(differences[reason] > 0, `difference "${reason}" occurs in the corpus`);
  }
});
