'use strict';
// The tests' one JWS signer, with node's crypto, for every algorithm we verify (jsonwebtoken 9 cannot sign
// EdDSA), plus the committed fixture keys in every form a user may hand over. Tokens are built by hand so that
// tests can also sign deliberately odd headers and payloads. Test helpers that need a token (jwks-server.js'
// keys, the examples' identity provider) sign through here rather than with their own copy; signJwt gives, byte
// for byte, what jsonwebtoken's sign() gives for the options the tests use.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function fixture(name) {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function b64url(input) {
  return Buffer.from(input).toString('base64url');
}

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Signs `signingInput` (a string) for `alg` with `key` (secret or private key in any form node accepts). */
function signature(alg, signingInput, key) {
  const data = Buffer.from(signingInput);
  const bits = alg.slice(2);
  switch (alg.slice(0, 2)) {
    case 'HS':
      return crypto.createHmac(HASH[bits], key).update(data).digest();
    case 'RS':
      return crypto.sign(HASH[bits], data, key);
    case 'PS':
      return crypto.sign(HASH[bits], data, {
        key,
        padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
      });
    case 'ES':
      return crypto.sign(HASH[bits], data, { key, dsaEncoding: 'ieee-p1363' });
    case 'Ed':
      return crypto.sign(null, data, key);
    default:
      throw new Error(`test signer: unknown alg ${alg}`);
  }
}

/**
 * A compact JWS. `header` and `payload` are objects (JSON-encoded here) or strings (used verbatim).
 * `signAs` lets a test sign with one algorithm while the header claims another.
 */
function sign(payload, key, header = {}, signAs) {
  const h = typeof header === 'string' ? header : JSON.stringify({ alg: 'HS256', ...header });
  const p = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const alg = signAs || (typeof header === 'string' ? JSON.parse(header).alg : JSON.parse(h).alg);
  const input = `${b64url(h)}.${b64url(p)}`;
  return `${input}.${signature(alg, input, key).toString('base64url')}`;
}

/**
 * A JWT as jsonwebtoken 9's sign() makes it, for the options the tests use: header {alg, typ: "JWT", kid};
 * iat now unless the payload has one (none with noTimestamp); exp and nbf as seconds after iat; aud and iss;
 * alg none unsigned; a string payload signed verbatim. Any other option is a mistake in the test, not something
 * to ignore.
 */
function signJwt(payload, key, { algorithm = 'HS256', keyid, issuer, audience, expiresIn, notBefore, noTimestamp, ...unknown } = {}) {
  if (Object.keys(unknown).length) throw new Error(`test signer: unknown option ${Object.keys(unknown).join(', ')}`);
  const kid = keyid === undefined ? {} : { kid: keyid };
  if (typeof payload === 'string') {
    // jsonwebtoken signs a string payload verbatim, with no typ and no claims added.
    if ([issuer, audience, expiresIn, notBefore].some((v) => v !== undefined)) throw new Error('test signer: claims options need an object payload');
    return sign(payload, key, { alg: algorithm, ...kid });
  }
  const iat = payload.iat || Math.floor(Date.now() / 1000);
  const body = { ...payload };
  if (noTimestamp) delete body.iat;
  else body.iat = iat;
  if (notBefore !== undefined) body.nbf = iat + notBefore;
  if (expiresIn !== undefined) body.exp = iat + expiresIn;
  if (audience !== undefined) body.aud = audience;
  if (issuer !== undefined) body.iss = issuer;
  const header = { alg: algorithm, typ: 'JWT', ...kid };
  // An unsecured JWT, as jsonwebtoken makes it for alg none: an empty signature.
  if (algorithm === 'none') return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(body))}.`;
  return sign(body, key, header);
}

const SECRET = 'a-test-secret-that-is-32-bytes!!';

// Private keys sign; every public form below must verify what they sign.
const KEYS = {
  rsa: {
    private: fixture('rsa2048.key'),
    spki: fixture('rsa2048.pub.pem'),
    pkcs1: fixture('rsa2048.pkcs1.pem'),
    cert: fixture('rsa2048.crt'),
  },
  p256: { private: fixture('ec-p256.key'), spki: fixture('ec-p256.pub.pem'), cert: fixture('ec-p256.crt') },
  p384: { private: fixture('ec-p384.key'), spki: fixture('ec-p384.pub.pem'), cert: fixture('ec-p384.crt') },
  p521: { private: fixture('ec-p521.key'), spki: fixture('ec-p521.pub.pem'), cert: fixture('ec-p521.crt') },
  ed25519: { private: fixture('ed25519.key'), spki: fixture('ed25519.pub.pem'), cert: fixture('ed25519.crt') },
  rsa1024: { private: fixture('rsa1024.key'), spki: fixture('rsa1024.pub.pem') },
};

const ALG_KEY = {
  RS256: 'rsa', RS384: 'rsa', RS512: 'rsa',
  PS256: 'rsa', PS384: 'rsa', PS512: 'rsa',
  ES256: 'p256', ES384: 'p384', ES512: 'p521',
  EdDSA: 'ed25519',
};

function publicJwk(keyName, extra = {}) {
  return { ...crypto.createPublicKey(KEYS[keyName].spki).export({ format: 'jwk' }), ...extra };
}

/**
 * Every form of verification key that applies to `alg`, as [label, key] pairs.
 * `kid` is the kid the JWKS form expects in the token header.
 */
function keyForms(alg, kid = 'the-kid') {
  if (alg.startsWith('HS')) {
    const jwk = { kty: 'oct', k: b64url(SECRET) };
    return [
      ['secret string', SECRET],
      ['secret Buffer', Buffer.from(SECRET)],
      ['secret KeyObject', crypto.createSecretKey(Buffer.from(SECRET))],
      ['oct JWK', jwk],
      ['JWKS (kid)', { keys: [{ ...jwk, kid: 'decoy', k: b64url('decoy-secret-decoy-secret-decoy!!') }, { ...jwk, kid }] }],
    ];
  }
  const name = ALG_KEY[alg];
  const k = KEYS[name];
  const forms = [
    ['PEM SPKI string', k.spki],
    ['PEM SPKI Buffer', Buffer.from(k.spki)],
    ['public KeyObject', crypto.createPublicKey(k.spki)],
    ['CERTIFICATE', k.cert],
    ['JWK', publicJwk(name)],
    ['JWKS (kid)', { keys: [publicJwk(name === 'rsa' ? 'p256' : 'rsa', { kid: 'decoy' }), publicJwk(name, { kid })] }],
    ['private PEM (derives public)', k.private],
  ];
  if (k.pkcs1) forms.push(['PEM PKCS#1 RSA PUBLIC KEY', k.pkcs1]);
  return forms;
}

/** The key that signs `alg`. */
function signingKey(alg) {
  return alg.startsWith('HS') ? SECRET : KEYS[ALG_KEY[alg]].private;
}

const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

module.exports = { sign, signJwt, signature, b64url, keyForms, signingKey, publicJwk, KEYS, SECRET, ALGORITHMS, ALG_KEY };
