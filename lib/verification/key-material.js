'use strict';
// Turns whatever a passport-jwt user passes as `secretOrKey` into one of the native key kinds.

const crypto = require('crypto');
const { keyInvalid } = require('../errors');

const PEM_MARK = '-----BEGIN';
// A key set fetched from a provider (lib/remote-keys/jwks.js) carries its JSON text under this symbol. It compiles as
// 'remote-jwks', which refuses private and symmetric keys; a symbol cannot come from parsed JSON.
const REMOTE_JWKS = Symbol('node-red-auth-jwt remote JWKS');

// node's createPublicKey derives the public half of a private PEM, which node jsonwebtoken then accepts.
// Doing it once here keeps that working without the Rust core ever holding private key material.
function publicPem(input) {
  try {
    return crypto.createPublicKey(input).export({ type: 'spki', format: 'pem' });
  } catch (err) {
    throw keyInvalid(err.message);
  }
}

function fromText(text) {
  if (!text.includes(PEM_MARK)) return { kind: 'secret', material: text };
  return { kind: 'pem', material: text.includes('PRIVATE KEY') ? publicPem(text) : text };
}

function fromKeyObject(key) {
  if (key.type === 'secret') return { kind: 'secret', material: key.export() };
  if (key.type === 'public') return { kind: 'pem', material: key.export({ type: 'spki', format: 'pem' }) };
  throw keyInvalid('give the public key, not a private key');
}

/**
 * @returns {{kind: 'secret'|'pem'|'jwk'|'jwks'|'remote-jwks', material: string|Buffer}}
 * A string or Buffer holding PEM text is never an HMAC secret.
 */
function normalizeKey(key) {
  if (typeof key === 'string') return fromText(key);
  if (Buffer.isBuffer(key) || key instanceof Uint8Array) {
    const buf = Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    if (!buf.includes(PEM_MARK)) return { kind: 'secret', material: buf };
    return fromText(buf.toString('utf8'));
  }
  if (key instanceof crypto.KeyObject) return fromKeyObject(key);
  if (key && typeof key === 'object') {
    if (typeof key[REMOTE_JWKS] === 'string') return { kind: 'remote-jwks', material: key[REMOTE_JWKS] };
    if (Array.isArray(key.keys)) return { kind: 'jwks', material: JSON.stringify(key) };
    if (typeof key.kty === 'string') return { kind: 'jwk', material: JSON.stringify(key) };
    if (key.format === 'jwk' && key.key && typeof key.key === 'object') {
      return { kind: 'jwk', material: JSON.stringify(key.key) };
    }
    if (key.key !== undefined) return { kind: 'pem', material: publicPem(key) };
  }
  throw keyInvalid('unsupported key type');
}

module.exports = { normalizeKey, REMOTE_JWKS };
