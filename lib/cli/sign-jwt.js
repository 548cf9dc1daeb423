'use strict';
// Signs a JWT with node:crypto. The algorithm follows from the private key's type, so a key can never be
// used with an algorithm of another family, and no JWT library is needed at run time.

const crypto = require('crypto');

// EC curves as node names them -> the JWS algorithm bound to that curve (RFC 7518 §3.4).
const EC_ALGS = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const HASH = { RS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };

class KeyTypeError extends Error {}

function privateKeyObject(key) {
  if (key instanceof crypto.KeyObject) {
    if (key.type !== 'private') throw new KeyTypeError('a private key is needed to sign, this is a public key');
    return key;
  }
  if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(String(key))) {
    throw new KeyTypeError('this is a public key; signing needs the private key (private.pem from "keygen")');
  }
  try {
    return crypto.createPrivateKey(key);
  } catch (err) {
    throw new KeyTypeError(`not a private key in PEM form (${err.message})`);
  }
}

/** The JWS `alg` that a private key signs with: EdDSA (Ed25519), ES256/384/512 (by curve) or RS256. */
function algForKey(keyObject) {
  const type = keyObject.asymmetricKeyType;
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'rsa') return 'RS256';
  if (type === 'ec') {
    const alg = EC_ALGS[keyObject.asymmetricKeyDetails.namedCurve];
    if (alg) return alg;
    throw new KeyTypeError(`EC curve ${keyObject.asymmetricKeyDetails.namedCurve} has no JWS algorithm; use P-256, P-384 or P-521`);
  }
  throw new KeyTypeError(`${type} keys cannot sign JWTs here; use an Ed25519, EC (P-256/384/521) or RSA key`);
}

function base64url(input) {
  return Buffer.from(input).toString('base64url');
}

/**
 * @param {object} payload the claims, written as given (set `iat`/`exp` yourself)
 * @param {string|Buffer|crypto.KeyObject} key a private key (PEM or KeyObject)
 * @param {{kid?: string}} [options]
 * @returns {string} the compact JWS
 */
function signJwt(payload, key, options = {}) {
  const keyObject = privateKeyObject(key);
  const alg = algForKey(keyObject);
  const header = { alg, typ: 'JWT' };
  if (options.kid) header.kid = options.kid;
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  // JWS wants the raw r||s form for ECDSA, not the DER that node produces by default.
  const signature = crypto.sign(HASH[alg], Buffer.from(signingInput), { key: keyObject, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

module.exports = { signJwt, algForKey, privateKeyObject, KeyTypeError };
