'use strict';
// The key option of the factory: exactly one of `secret`, `publicKey`, `jwksUri` (or `discovery`), checked at
// start-up so that a PEM given as a secret, a private key, or an HMAC secret given as a "public key" is an error
// that says what to set instead, never a silently different kind of verification.

const crypto = require('crypto');
const { fail, isPlainObject } = require('./config-error');

const PEM_MARK = '-----BEGIN';

function pemText(value) {
  if (typeof value === 'string') return value.includes(PEM_MARK) ? value : null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('utf8');
    return text.includes(PEM_MARK) ? text : null;
  }
  return null;
}

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash. A short password-like secret can be
// brute-forced offline from any one token, which would let anyone mint admin tokens.
const MIN_SECRET_BYTES = 32;

function checkSecretLength(bytes) {
  if (bytes === 0) fail('secret must not be empty');
  if (bytes < MIN_SECRET_BYTES) {
    fail(`secret is ${bytes} bytes; use at least ${MIN_SECRET_BYTES} random bytes (e.g. the output of: openssl rand -base64 32)`);
  }
}

// Key material given as a secret. With a public key as the HMAC secret, anyone who has the public key (it is
// public) can sign tokens that verify: refused in every spelling, PEM, JWK or JWKS JSON text, and DER (raw, base64
// or hex). Returns what it is, or null.
const BASE64_TEXT = /^[A-Za-z0-9+/_\-\s]+={0,2}\s*$/;

function keyKindOfDer(der) {
  const attempts = [
    () => crypto.createPublicKey({ key: der, format: 'der', type: 'spki' }) && 'public key (DER)',
    () => crypto.createPublicKey({ key: der, format: 'der', type: 'pkcs1' }) && 'public key (DER)',
    () => (new crypto.X509Certificate(der), 'certificate (DER)'), // throws unless it is one
    () => crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) && 'private key (DER)',
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // not this form
    }
  }
  return null;
}

function keyMaterialIn(secret) {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const text = bytes.toString('utf8');
  if (text.includes(PEM_MARK)) return 'PEM key';
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed);
      if (isPlainObject(json) && (typeof json.kty === 'string' || Array.isArray(json.keys))) return 'JWK (JSON text)';
    } catch {
      // not JSON
    }
  }
  if (bytes[0] === 0x30) {
    const kind = keyKindOfDer(bytes);
    if (kind) return kind;
  }
  if (/^(?:[0-9a-f]{2})+$/i.test(trimmed) && /^30/.test(trimmed)) {
    const kind = keyKindOfDer(Buffer.from(trimmed, 'hex'));
    if (kind) return `${kind.replace(' (DER)', '')} (hex DER)`;
  }
  if (BASE64_TEXT.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replace(/\s+/g, ''), trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    if (decoded[0] === 0x30) {
      const kind = keyKindOfDer(decoded);
      if (kind) return `${kind.replace(' (DER)', '')} (base64 DER)`;
    }
  }
  return null;
}

function checkSecret(secret) {
  if (typeof secret === 'string' || Buffer.isBuffer(secret) || secret instanceof Uint8Array) {
    const material = keyMaterialIn(secret);
    if (material !== null) {
      fail(`secret holds a ${material}, not an HMAC secret (with a public key as the secret, anyone who has the public key ` +
        'can sign tokens). Give the public key as publicKey; a secret is random bytes, e.g. from: openssl rand -base64 32');
    }
  }
  if (typeof secret === 'string' || Buffer.isBuffer(secret) || secret instanceof Uint8Array) {
    checkSecretLength(typeof secret === 'string' ? Buffer.byteLength(secret) : secret.length);
    return secret;
  }
  if (secret instanceof crypto.KeyObject && secret.type === 'secret') {
    checkSecretLength(secret.symmetricKeySize);
    return secret;
  }
  return fail('secret must be a string, a Buffer or a secret KeyObject (for HS256/HS384/HS512)');
}

function checkJwk(jwk, where) {
  if (!isPlainObject(jwk) || typeof jwk.kty !== 'string') fail(`${where} is not a JWK (an object with "kty")`);
  if (jwk.kty === 'oct') fail(`${where} is a symmetric ("oct") key; give it as secret instead`);
  if (jwk.d !== undefined) fail(`${where} is a private key; give only the public key`);
}

function checkPublicKey(key) {
  const pem = pemText(key);
  if (pem !== null) {
    if (pem.includes('PRIVATE KEY')) fail('publicKey holds a private key; give only the public key (SPKI, PKCS#1 or X.509 certificate)');
    return pem;
  }
  if (typeof key === 'string' || Buffer.isBuffer(key)) {
    fail('publicKey must be PEM text ("-----BEGIN PUBLIC KEY-----" ...); for a shared HMAC secret use secret');
  }
  if (key instanceof crypto.KeyObject) {
    if (key.type !== 'public') fail(`publicKey is a ${key.type} KeyObject; give the public key`);
    return key;
  }
  if (isPlainObject(key) && Array.isArray(key.keys)) {
    if (key.keys.length === 0) fail('publicKey is a JWKS without keys');
    key.keys.forEach((jwk, i) => checkJwk(jwk, `publicKey.keys[${i}]`));
    return key;
  }
  if (isPlainObject(key) && key.kty !== undefined) {
    checkJwk(key, 'publicKey');
    return key;
  }
  return fail('publicKey must be PEM text, a public KeyObject, a JWK or a JWKS ({keys: [...]})');
}

function checkKey(options) {
  const given = ['secret', 'publicKey', 'jwksUri'].filter((name) => options[name] !== undefined && options[name] !== null);
  if (options.discovery === true) given.push('discovery');
  if (given.length === 0) {
    fail('set the key that signs your tokens: secret (HMAC string or Buffer), publicKey (PEM, KeyObject, JWK or JWKS), ' +
      'or jwksUri (your provider\'s key set URL)');
  }
  if (given.length > 1) fail(`set only one of secret, publicKey, jwksUri or discovery (got ${given.join(' and ')})`);
  if (options.discovery !== undefined && typeof options.discovery !== 'boolean') fail('discovery must be true or false');
  const kind = given[0];
  if (kind === 'secret') return { kind, value: checkSecret(options.secret) };
  if (kind === 'publicKey') return { kind, value: checkPublicKey(options.publicKey) };
  return { kind: 'remote', value: remoteKeyOptions(options, kind) };
}

function remoteKeyOptions(options, kind) {
  let jwks;
  try {
    jwks = require('../remote-keys/jwks');
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') fail(`${kind} needs the JWKS support, which this build does not have; use secret or publicKey`);
    throw err;
  }
  if (kind === 'discovery' && typeof options.issuer !== 'string') fail('discovery needs issuer: the single issuer URL of your provider');
  const remote = kind === 'discovery' ? { discovery: true, issuer: options.issuer } : { jwksUri: options.jwksUri };
  try {
    return { keySet: sharedKeySet(jwks, remote) };
  } catch (err) {
    return fail(String(err.message).replace(/^jwks: /, ''));
  }
}

// One key set per key source in the process: adminAuth and httpNode configured alike fetch and cache it once,
// and a key rotation seen by one is seen by both.
const keySets = new Map();

function sharedKeySet(jwks, remote) {
  const keySet = jwks.createRemoteKeySet(remote); // validates the URL first, and normalizes it
  const source = remote.discovery ? `discovery ${keySet.options.issuer}` : `jwks ${keySet.jwksUri}`;
  if (!keySets.has(source)) keySets.set(source, keySet);
  return keySets.get(source);
}

module.exports = { checkKey };
