'use strict';
// Makes a key pair for signing tokens yourself (no identity provider) and writes it as PEM files.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const KEYGEN_ALGS = ['EdDSA', 'ES256', 'RS256'];
const MIN_RSA_BITS = 2048;
// The verifier refuses larger RSA keys (as aws-lc does), and generating one takes minutes: refuse it up front.
const MAX_RSA_BITS = 8192;

/**
 * @param {'EdDSA'|'ES256'|'RS256'} alg
 * @param {{bits?: number}} [options] RSA modulus length, 2048 to 8192
 * @returns {{privateKey: string, publicKey: string}} PKCS#8 and SPKI PEM text
 */
function generatePemKeyPair(alg, options = {}) {
  const encoding = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } };
  if (alg === 'EdDSA') return crypto.generateKeyPairSync('ed25519', encoding);
  if (alg === 'ES256') return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', ...encoding });
  if (alg === 'RS256') {
    const bits = options.bits === undefined ? MIN_RSA_BITS : options.bits;
    // Below 2048 bits RSA is breakable in practice (NIST SP 800-131A); refuse rather than warn.
    if (!Number.isInteger(bits) || bits < MIN_RSA_BITS) throw new RangeError(`RSA keys need at least ${MIN_RSA_BITS} bits`);
    if (bits > MAX_RSA_BITS) throw new RangeError(`RSA keys of more than ${MAX_RSA_BITS} bits are not verified here`);
    return crypto.generateKeyPairSync('rsa', { modulusLength: bits, ...encoding });
  }
  throw new RangeError(`unknown algorithm ${alg}; use one of ${KEYGEN_ALGS.join(', ')}`);
}

/**
 * Writes private.pem (mode 0600) and public.pem into `dir`. Refuses to replace an existing private key unless
 * `force`, because tokens signed with the old key would silently stop verifying.
 * @returns {{privatePath: string, publicPath: string}}
 */
function writeKeyPair(dir, pair, { force = false } = {}) {
  const privatePath = path.join(dir, 'private.pem');
  const publicPath = path.join(dir, 'public.pem');
  if (!force) {
    for (const file of [privatePath, publicPath]) {
      if (fs.existsSync(file)) {
        const err = new Error(`${file} already exists; use --force to replace it`);
        err.code = 'EEXIST';
        throw err;
      }
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(privatePath, pair.privateKey, { mode: 0o600 });
  fs.chmodSync(privatePath, 0o600); // writeFileSync's mode applies only to a new file
  fs.writeFileSync(publicPath, pair.publicKey, { mode: 0o644 });
  return { privatePath, publicPath };
}

module.exports = { generatePemKeyPair, writeKeyPair, KEYGEN_ALGS, MIN_RSA_BITS, MAX_RSA_BITS };
