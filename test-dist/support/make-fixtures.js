'use strict';
// Makes the input files for load-check.js on the host: fresh keys, a valid token per algorithm and a tampered
// copy of each. Signed by the tests' one signer (node:crypto, __test__/support/jws.js), not by the package's
// own signing code, so the check does not lean on what it checks.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const jws = require('../../__test__/support/jws');

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function sign(alg, key, payload) {
  return jws.sign(payload, key, { alg, typ: 'JWT', kid: alg.toLowerCase() });
}

// Same header and signature, one payload claim changed: must fail the signature check.
function tamper(token) {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.sub = 'mallory';
  return `${h}.${b64url(JSON.stringify(payload))}.${s}`;
}

function makeFixtures(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const secret = crypto.randomBytes(32).toString('hex');
  const pub = (k) => k.publicKey.export({ type: 'spki', format: 'pem' });
  const cases = [
    { alg: 'HS256', kind: 'secret', verifyKey: secret, signKey: secret },
    { alg: 'RS256', kind: 'pem', verifyKey: pub(rsa), signKey: rsa.privateKey },
    { alg: 'ES256', kind: 'pem', verifyKey: pub(ec), signKey: ec.privateKey },
    { alg: 'EdDSA', kind: 'pem', verifyKey: pub(ed), signKey: ed.privateKey },
  ].map(({ alg, kind, verifyKey, signKey }) => {
    const payload = { sub: `user-${alg}`, iss: 'dist-test', aud: 'node-red', iat: now, exp: now + 3600 };
    const token = sign(alg, signKey, payload);
    return { alg, kind, key: verifyKey, token, tampered: tamper(token), sub: payload.sub };
  });
  const file = path.join(dir, 'cases.json');
  fs.writeFileSync(file, JSON.stringify({ cases }, null, 2));
  return file;
}

module.exports = { makeFixtures, sign };

if (require.main === module) console.log(makeFixtures(process.argv[2] || '.'));
