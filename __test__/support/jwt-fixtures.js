'use strict';
// Tokens for the Node-RED tests: an HMAC issuer and an ES256 issuer, plus the hostile kinds (expired, wrong
// key, alg none, wrong aud/iss) and a generator of junk for flooding. Signed by the tests' one signer, jws.js.

const crypto = require('crypto');
const { signJwt } = require('./jws');

const SECRET = 'node-red-test-secret-0123456789abcdef';
const ISSUER = 'https://idp.test/';
const AUDIENCE = 'node-red';

function hmacToken(payload, options = {}) {
  const { secret = SECRET, ...rest } = options;
  return signJwt(payload, secret, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600, ...rest });
}

function unsignedToken(payload) {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...payload }, null, { algorithm: 'none' });
}

function ecIssuer(issuer, audience) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  return {
    publicPem,
    sign(payload, options = {}) {
      return signJwt(payload, privateKey, { algorithm: 'ES256', issuer, audience, expiresIn: 600, ...options });
    },
    // Algorithm confusion: an HS256 token whose "secret" is the public key text.
    confused(payload) {
      return signJwt(payload, publicPem, { algorithm: 'HS256', issuer, audience, expiresIn: 600 });
    },
  };
}

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The i-th junk token: never a valid token for any configuration used in the tests. */
function junkToken(i, validToken) {
  const rand = (n) => crypto.randomBytes(n).toString('base64url');
  const [h, p] = validToken.split('.');
  switch (i % 12) {
    case 0: return `${rand(20)}.${rand(40)}.${rand(32)}`;
    case 1: return `${h}.${p}.${rand(32)}`; // right header and claims, forged signature
    case 2: return `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    case 3: return `${b64({ alg: 'HS256' })}.${p}.${rand(32)}`;
    case 4: return rand(12000).slice(0, 9000 + (i % 7) * 1000); // large, but within Node's 16 KB header limit
    case 5: return `<script>alert(${i})</script>`;
    case 6: return `${b64({ alg: 'HS256', crit: ['exp'] })}.${p}.${rand(32)}`;
    case 7: return `${b64({ alg: 'RS256', kid: '../../etc/passwd' })}.${p}.${rand(256)}`;
    case 8: return `${b64('{"alg":"HS256"')}.${b64('{"sub":')}.${rand(8)}`; // truncated JSON
    case 9: return '.'.repeat(1 + (i % 5)) + rand(4);
    case 10: return `${b64({ alg: 'HS256' })}.${b64('['.repeat(5000))}.${rand(32)}`; // deep nesting
    default: return `${h}.${b64({ sub: 'alice', nr_permissions: '*', exp: 9999999999 })}.${validToken.split('.')[2]}`; // swapped claims
  }
}

module.exports = { SECRET, ISSUER, AUDIENCE, hmacToken, unsignedToken, ecIssuer, junkToken };
