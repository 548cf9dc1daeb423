'use strict';
// Writes the seed corpora for the cargo-fuzz targets in fuzz/ from the test suite's own material: the committed
// fixture keys in every form, tokens of every algorithm signed with them, the hostile token shapes (as
// __test__/ builds them) and the verifier options the tests use. Each seed starts with
// the mode byte its target reads (see fuzz/fuzz_targets/*.rs).
//
// Usage: node scripts/fuzz/seeds.js [outDir]   (default fuzz/corpus)

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { sign, b64url, KEYS, SECRET, ALGORITHMS, ALG_KEY, publicJwk } = require('../../__test__/support/jws');
const { junkToken } = require('../../__test__/support/jwt-fixtures');

const NOW = 1_800_000_000; // the fuzz targets' fixed clock
const AUDIENCE = 'node-red';
const ISSUER = 'https://idp.example';
const out = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'fuzz', 'corpus'));

const written = { verify: 0, keys: 0, options: 0 };

function write(target, mode, body) {
  written[target] += 1;
  const data = Buffer.concat([Buffer.from(mode === null ? [] : [mode]), Buffer.from(body)]);
  const dir = path.join(out, target);
  fs.mkdirSync(dir, { recursive: true });
  const name = crypto.createHash('sha1').update(data).digest('hex');
  fs.writeFileSync(path.join(dir, name), data);
}

const claims = { sub: 'alice', aud: AUDIENCE, iss: ISSUER, iat: NOW - 10, exp: NOW + 600, nbf: NOW - 10 };
const kidOf = { rsa: 'rsa', p256: 'p256', p384: 'p384', p521: 'p521', ed25519: 'ed' };

// verify: whole tokens (even mode byte) ...
const valid = ALGORITHMS.map((alg) => {
  const kid = alg.startsWith('HS') ? undefined : kidOf[ALG_KEY[alg]];
  const key = alg.startsWith('HS') ? SECRET : KEYS[ALG_KEY[alg]].private;
  return sign(claims, key, { alg, typ: 'JWT', ...(kid && { kid }) });
});
const hostile = [
  `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.`,
  `${b64url('{"alg":"HS256","alg":"none"}')}.${b64url('{}')}.AA`,
  sign(claims, SECRET, { alg: 'HS256', crit: ['exp'] }),
  sign(claims, SECRET, { alg: 'HS256', b64: false }),
  sign('[1,2,3]', SECRET),
  sign('"a string"', SECRET),
  sign({ ...claims, exp: String(NOW + 600) }, SECRET),
  sign({ ...claims, aud: [123] }, SECRET),
  sign({ ...claims, exp: 1e300 }, SECRET),
  sign('{"exp":1800000600,"exp":1}', SECRET),
  sign({ ...claims, __proto__: { isAdmin: true } }, SECRET),
  sign(`{"a":${'['.repeat(200)}${']'.repeat(200)}}`, SECRET),
  sign(claims, KEYS.p256.spki, { alg: 'HS256' }), // public key text as an HMAC secret
  `${valid[0]}=`,
  `${valid[0]}\n`,
  `${valid[0]}.x`,
  valid[0].split('.').slice(0, 2).join('.'),
];
for (const token of [...valid, ...hostile]) write('verify', 0, token);
for (let i = 0; i < 12; i += 1) write('verify', 2, junkToken(i, valid[0]).slice(0, 4096));
// ... and header \0 payload pairs the target signs itself (odd mode byte: HS256, HS384, HS512, ES256, EdDSA).
const headers = [
  ['HS256', 1], ['HS384', 3], ['HS512', 5], ['ES256', 7], ['EdDSA', 9],
];
for (const [alg, mode] of headers) {
  for (const payload of [claims, { ...claims, aud: [AUDIENCE, 'x'] }, { sub: 'x' }, { ...claims, exp: NOW - 1 }]) {
    write('verify', mode, `${JSON.stringify({ alg, typ: 'JWT', kid: 'p256' })}\0${JSON.stringify(payload)}`);
  }
}

// keys: mode % 8 -> 0 PEM text, 1 SPKI DER, 2 certificate DER, 3 PKCS#1 DER, 4 JWK, 5 JWKS, 6 remote JWKS, 7 secret.
for (const [name, forms] of Object.entries(KEYS)) {
  for (const [form, text] of Object.entries(forms)) {
    write('keys', 0, text);
    const der = Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const mode = { spki: 1, cert: 2, pkcs1: 3 }[form];
    if (mode) write('keys', mode, der);
  }
  if (name === 'rsa1024') continue;
  const jwk = publicJwk(name, { kid: kidOf[name], use: 'sig' });
  write('keys', 4, JSON.stringify(jwk));
  write('keys', 5, JSON.stringify({ keys: [jwk, { kty: 'oct', k: b64url(SECRET), kid: 'oct' }] }));
  write('keys', 6, JSON.stringify({ keys: [jwk, { ...jwk, kid: 'enc', use: 'enc' }] }));
  write('keys', 6, JSON.stringify({ keys: [crypto.createPrivateKey(KEYS[name].private).export({ format: 'jwk' })] }));
}
write('keys', 4, JSON.stringify({ kty: 'oct', k: b64url(SECRET), alg: 'HS384' }));
write('keys', 4, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: b64url(Buffer.alloc(32)) })); // small-order key
for (const secret of [SECRET, `${SECRET}\0`, 'x', KEYS.p256.spki]) write('keys', 7, secret);

// options: options JSON \0 payload (signed HS256 by the target).
const optionSets = [
  {},
  { clockTimestamp: NOW },
  { clockTimestamp: NOW, audience: [AUDIENCE], issuer: [ISSUER], subject: 'alice', maxAge: 3600 },
  { clockTimestamp: NOW, clockTolerance: 30, ignoreNotBefore: true, maxAge: 86400.5, maxAgeFloor: true },
  { algorithms: ['HS256', 'HS512'], ignoreExpiration: true, jwtid: 'j1', nonce: 'n1', maxTokenBytes: 8192 },
  { audience: ['a', 'b'], audienceExternal: true, clockTimestamp: 1e300 },
];
const payloads = [claims, { ...claims, jti: 'j1', nonce: 'n1' }, { ...claims, exp: NOW }, { iat: 'x' }, {}];
for (const options of optionSets) {
  for (const payload of payloads) write('options', null, `${JSON.stringify(options)}\0${JSON.stringify(payload)}`);
}

for (const target of ['verify', 'keys', 'options']) {
  console.log(`${target}: ${written[target]} seeds written; ${fs.readdirSync(path.join(out, target)).length} inputs in ${path.join(out, target)}`);
}
