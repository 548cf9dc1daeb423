'use strict';
// Every hostile input that applies to a verifier, each named by what it attacks, sent through our
// passport-jwt drop-in `Strategy` with a minimal Passport-style harness. Each must end in exactly one `fail`:
// never `success`, `error`, `pass`, `redirect`, or a throw.
//
// Inputs that are accepted on purpose are not hostile and are checked elsewhere: an ECDSA high-S signature
// (malleable by design; tests/hostile.rs), a fractional exp, a future iat (accepted like jsonwebtoken 9), a `typ`
// header (no typ option, like passport-jwt), an escaped "\u0048S256" (equals HS256), `__proto__` (checked below
// as an own property on success). A far-future exp and a missing exp are policy: they fail once maxAge is set.
// The empty HMAC secret is refused; a 3-byte secret is accepted as in jsonwebtoken 9 (not refused here).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const Strategy = require('../lib/passport/strategy');
const { sign, signature, b64url, KEYS, SECRET, publicJwk } = require('./support/jws');

const NOW = 1_800_000_000;
const P256_N = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');

/** Runs one request through `Object.create(strategy)` and resolves with every action it took. */
function authenticate(strategy, token) {
  return new Promise((resolve) => {
    const actions = [];
    const self = Object.create(strategy);
    let settled = false;
    const record = (name) => (...args) => {
      actions.push([name, ...args]);
      if (!settled) {
        settled = true;
        // Let any second (wrong) action surface before resolving.
        setImmediate(() => resolve(actions));
      }
    };
    for (const name of ['success', 'fail', 'error', 'pass', 'redirect']) self[name] = record(name);
    try {
      self.authenticate({ token, headers: {} }, {});
    } catch (err) {
      record('throw')(err);
    }
  });
}

function strategy(options) {
  return new Strategy(
    {
      ...options,
      jwtFromRequest: (req) => req.token,
      jsonWebTokenOptions: { clockTimestamp: NOW, ...(options.jsonWebTokenOptions || {}) },
    },
    (payload, done) => done(null, { payload }),
  );
}

const S = {
  hs: strategy({ secretOrKey: SECRET }),
  hs256only: strategy({ secretOrKey: SECRET, algorithms: ['HS256'] }),
  hsMaxAge: strategy({ secretOrKey: SECRET, jsonWebTokenOptions: { maxAge: 3600 } }),
  hsSubject: strategy({ secretOrKey: SECRET, jsonWebTokenOptions: { subject: '1' } }),
  hsEmptyKey: strategy({ secretOrKeyProvider: (req, raw, done) => done(null, '') }),
  rsa: strategy({ secretOrKey: KEYS.rsa.spki, audience: 'api', issuer: 'good' }),
  rsaRs256: strategy({ secretOrKey: KEYS.rsa.spki, algorithms: ['RS256'] }),
  rsaWithHs: strategy({ secretOrKey: KEYS.rsa.spki, algorithms: ['RS256', 'HS256'] }),
  rsa1024: strategy({ secretOrKey: KEYS.rsa1024.spki }),
  p256: strategy({ secretOrKey: KEYS.p256.spki }),
  p256AllEs: strategy({ secretOrKey: KEYS.p256.spki, algorithms: ['ES256', 'ES384', 'ES512'] }),
  p384: strategy({ secretOrKey: KEYS.p384.spki, algorithms: ['ES256', 'ES384'] }),
  ed: strategy({ secretOrKey: KEYS.ed25519.spki }),
  edSmallOrder: strategy({ secretOrKey: { kty: 'OKP', crv: 'Ed25519', x: b64url(Buffer.concat([Buffer.from([1]), Buffer.alloc(31)])) } }),
  edShort: strategy({ secretOrKey: { kty: 'OKP', crv: 'Ed25519', x: b64url(Buffer.alloc(16, 7)) } }),
  jwks: strategy({
    secretOrKey: { keys: [{ kty: 'oct', kid: 'k1', k: b64url(SECRET), alg: 'HS256' }, publicJwk('rsa', { kid: 'r1' })] },
  }),
};

const payload = (extra = {}) => ({ sub: 'alice', aud: 'api', iss: 'good', iat: NOW - 10, exp: NOW + 600, ...extra });
const hs = (p = payload(), header = {}) => sign(p, SECRET, header);
const rs = (p = payload(), header = {}) => sign(p, KEYS.rsa.private, { alg: 'RS256', ...header });
const es = (p = payload(), header = {}) => sign(p, KEYS.p256.private, { alg: 'ES256', ...header });
const ed = (p = payload(), header = {}) => sign(p, KEYS.ed25519.private, { alg: 'EdDSA', ...header });
const parts = (t) => t.split('.');
const withSig = (t, sig) => `${parts(t)[0]}.${parts(t)[1]}.${Buffer.from(sig).toString('base64url')}`;
const sigOf = (t) => Buffer.from(parts(t)[2], 'base64url');
const raw = (header, body, key, alg) => {
  const input = `${b64url(header)}.${b64url(body)}`;
  return `${input}.${signature(alg, input, key).toString('base64url')}`;
};

/** RSA "signature" over a hand-made PKCS#1 v1.5 encoded message (for padding tricks). */
function rsaRaw(token, build) {
  const input = parts(token).slice(0, 2).join('.');
  const hash = crypto.createHash('sha256').update(input).digest();
  const em = build(hash);
  assert.equal(em.length, 256);
  const sig = crypto.privateEncrypt({ key: KEYS.rsa.private, padding: crypto.constants.RSA_NO_PADDING }, em);
  return `${input}.${sig.toString('base64url')}`;
}
const DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const pkcs1 = (t, len = t.length) => Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(256 - 3 - len, 0xff), Buffer.from([0]), t]);

function cases() {
  const good = hs();
  const [h, p, s] = parts(good);
  const list = [];
  const add = (attack, label, strat, token) => list.push({ attack, label, strat, token });

  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    const unsigned = `${b64url(JSON.stringify({ alg }))}.${p}.`;
    add('alg none', `alg ${alg}, empty signature`, 'hs', unsigned);
    add('alg none', `alg ${alg}, empty signature, RSA key`, 'rsa', unsigned);
    add('alg none', `alg ${alg} with a valid HS256 MAC`, 'hs', `${unsigned}${crypto.createHmac('sha256', SECRET).update(unsigned.slice(0, -1)).digest('base64url')}`);
  }
  for (const header of ['{"typ":"JWT"}', '{"alg":256}', '{"alg":null}', '{"alg":["HS256"]}', '{"alg":"HS256\\u0000"}', '{"alg":"hs256"}', '{"alg":"HS256 "}']) {
    add('alg missing or mistyped', `header ${header}`, 'hs', raw(header, JSON.stringify(payload()), SECRET, 'HS256'));
  }
  for (const pem of [KEYS.rsa.spki, KEYS.rsa.pkcs1, KEYS.rsa.cert]) {
    const forged = sign(payload(), pem, { alg: 'HS256' });
    add('public key used as HMAC secret', 'HS256 MAC keyed with the PEM, default algorithms', 'rsa', forged);
    add('public key used as HMAC secret', 'HS256 MAC keyed with the PEM, HS256 allowed', 'rsaWithHs', forged);
  }
  add('alg outside the allow-list', 'HS512 against [HS256]', 'hs256only', sign(payload(), SECRET, { alg: 'HS512' }));
  add('alg outside the allow-list', 'PS256 against [RS256]', 'rsaRs256', sign(payload(), KEYS.rsa.private, { alg: 'PS256' }));
  add('signature relabelled to another alg', 'RS256 signature relabelled PS256', 'rsa', `${b64url('{"alg":"PS256"}')}.${parts(rs())[1]}.${parts(rs())[2]}`);
  for (const alg of ['ES256K', 'Ed25519', 'Ed448', 'ES512', 'HS256']) {
    add('unsupported alg', `unsupported/foreign alg ${alg} with a P-256 key`, 'p256', sign(payload(), KEYS.p256.private, { alg }, 'ES256'));
  }
  add('unsupported alg', 'ES512 with a P-256 key, ES512 allowed', 'p256AllEs', sign(payload(), KEYS.p256.private, { alg: 'ES512' }, 'ES256'));
  for (const kid of ['../../../../dev/null', "k1' OR '1'='1", 'k1; rm -rf /', '$(id)', 'K1', '', 'k'.repeat(100_000)]) {
    add('hostile kid', `kid ${JSON.stringify(kid.slice(0, 24))}${kid.length > 24 ? '…' : ''}`, 'jwks', hs(payload(), { kid }));
  }
  for (const kid of [1, null, ['k1'], { k1: true }]) add('hostile kid', `kid ${JSON.stringify(kid)}`, 'jwks', hs(payload(), { kid }));
  add('hostile kid', 'RS256 token naming the HMAC kid', 'jwks', rs(payload(), { kid: 'k1' }));
  const attacker = 'attacker-attacker-attacker-32byt';
  for (const extra of [{ jwk: { kty: 'oct', k: b64url(attacker) } }, { jku: 'http://127.0.0.1:1/jwks.json' }, { x5u: 'http://127.0.0.1:1/c.pem' }, { x5c: ['MIIB'] }]) {
    add(extra.jwk ? 'embedded jwk' : 'embedded key URL', `embedded ${Object.keys(extra)[0]}`, 'hs', sign(payload(), attacker, extra));
  }
  const attackerRsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  add('embedded jwk', 'embedded RSA jwk of the attacker', 'rsa', sign(payload(), attackerRsa.privateKey, { alg: 'RS256', jwk: attackerRsa.publicKey.export({ format: 'jwk' }) }));
  const e = es();
  add('ECDSA r or s of 0 or n', 'ECDSA r = s = 0', 'p256', withSig(e, Buffer.alloc(64)));
  add('ECDSA r or s of 0 or n', 'ECDSA r = s = n', 'p256', withSig(e, Buffer.concat([P256_N, P256_N])));
  add('ECDSA signature encoding', 'ECDSA DER signature', 'p256', withSig(e, crypto.sign('sha256', Buffer.from(parts(e).slice(0, 2).join('.')), KEYS.p256.private)));
  add('ECDSA signature encoding', 'ECDSA 63-byte signature', 'p256', withSig(e, sigOf(e).subarray(0, 63)));
  add('ECDSA signature encoding', 'ECDSA 65-byte signature', 'p256', withSig(e, Buffer.concat([sigOf(e), Buffer.from([0])])));
  add('key of another type or curve', 'ES256 token, P-384 key', 'p384', e);
  add('key of another type or curve', 'ES256 token, RSA key', 'rsa', e);
  add('key of another type or curve', 'P-384 signature relabelled ES256, P-256 key', 'p256', sign(payload(), KEYS.p384.private, { alg: 'ES256' }, 'ES384'));
  const r = rs();
  add('RSA signature length and value', 'RSA signature 255 bytes', 'rsa', withSig(r, sigOf(r).subarray(1)));
  add('RSA signature length and value', 'RSA signature 257 bytes', 'rsa', withSig(r, Buffer.concat([Buffer.from([0]), sigOf(r)])));
  add('RSA signature length and value', 'RSA signature all zero', 'rsa', withSig(r, Buffer.alloc(256)));
  add('RSA signature length and value', 'RSA signature = 1', 'rsa', withSig(r, Buffer.concat([Buffer.alloc(255), Buffer.from([1])])));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 control: a hand-made correct encoding verifies (checked below)', 'rsa', null);
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 DigestInfo without NULL', 'rsa', rsaRaw(r, (hash) => pkcs1(Buffer.concat([Buffer.from('302f300b0609608648016503040201' + '0420', 'hex'), hash]))));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 BER long-form length', 'rsa', rsaRaw(r, (hash) => pkcs1(Buffer.concat([Buffer.from('308131300d060960864801650304020105000420', 'hex'), hash]))));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 trailing garbage', 'rsa', rsaRaw(r, (hash) => pkcs1(Buffer.concat([DIGEST_INFO_PREFIX, hash, Buffer.from('000000', 'hex')]))));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 short padding (00 in the FF run)', 'rsa', rsaRaw(r, (hash) => {
    const em = pkcs1(Buffer.concat([DIGEST_INFO_PREFIX, hash]));
    em[5] = 0;
    return em;
  }));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 block type 2', 'rsa', rsaRaw(r, (hash) => {
    const em = pkcs1(Buffer.concat([DIGEST_INFO_PREFIX, hash]));
    em[1] = 2;
    return em;
  }));
  add('PKCS#1 v1.5 padding forgery', 'PKCS#1 SHA-1 DigestInfo for RS256', 'rsa', rsaRaw(r, () => pkcs1(Buffer.concat([Buffer.from('3021300906052b0e03021a05000414', 'hex'), crypto.createHash('sha1').update(parts(r).slice(0, 2).join('.')).digest()]))));
  add('RSA key under 2048 bits', 'RSA 1024 key', 'rsa1024', sign(payload(), KEYS.rsa1024.private, { alg: 'RS256' }));
  add('truncated HMAC tag', 'HMAC tag truncated to 16 bytes', 'hs', withSig(good, sigOf(good).subarray(0, 16)));
  add('empty HMAC secret', 'empty secret from the key provider', 'hsEmptyKey', good);
  const d = ed();
  add('Ed25519 signature forgery', 'Ed25519 all-zero signature', 'ed', withSig(d, Buffer.alloc(64)));
  const nonCanonical = Buffer.from(sigOf(d));
  nonCanonical[63] |= 0xf0;
  add('Ed25519 signature forgery', 'Ed25519 non-canonical S', 'ed', withSig(d, nonCanonical));
  add('Ed25519 signature forgery', 'small-order Ed25519 key, forged R = identity, S = 0', 'edSmallOrder', withSig(d, Buffer.concat([Buffer.from([1]), Buffer.alloc(63)])));
  add('Ed25519 key length', 'Ed25519 key of 16 bytes', 'edShort', d);
  for (const bad of ['+', '/', ' ', '#', '?']) {
    add('non-base64url characters', `${JSON.stringify(bad)} in the header`, 'hs', `${h}${bad}.${p}.${s}`);
    add('non-base64url characters', `${JSON.stringify(bad)} in the signature`, 'hs', `${h}.${p}.${s}${bad}`);
  }
  add('base64 padding', '= padding on the header', 'hs', `${h}=.${p}.${s}`);
  add('base64 padding', '= padding on the signature', 'hs', `${h}.${p}.${s}=`);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet[alphabet.indexOf(s[s.length - 1]) ^ 1];
  add('non-canonical base64url', 'non-canonical spare bits in the signature', 'hs', `${h}.${p}.${s.slice(0, -1)}${last}`);
  for (const bad of [`${good}\n`, `${good} `, ` ${good}`, `Bearer ${good}`, `${good}\r\n`]) add('whitespace around the token', `whitespace ${JSON.stringify(bad.replace(good, 'T'))}`, 'hs', bad);
  add('segment count and extractor output', '2 segments', 'hs', `${h}.${p}`);
  add('segment count and extractor output', '4 segments', 'hs', `${good}.${s}`);
  add('segment count and extractor output', 'trailing dot', 'hs', `${good}.`);
  add('segment count and extractor output', '..', 'hs', '..');
  add('segment count and extractor output', 'empty signature segment', 'hs', `${h}.${p}.`);
  add('segment count and extractor output', 'empty string from the extractor (No auth token)', 'hs', '');
  add('segment count and extractor output', 'a number from the extractor', 'hs', 42);
  add('segment count and extractor output', 'an object from the extractor', 'hs', { token: good });
  add('JWE instead of JWS', 'JWE compact (5 segments)', 'hs', `${h}.${p}.${s}.${s}.${s}`);
  for (const header of ['not json', '["alg","HS256"]', '\ufeff{"alg":"HS256"}', '{"alg":"HS256"', '{"alg":"HS256","alg":"none"}', '{"alg":"none","alg":"HS256"}', '{"alg":"none","\\u0061lg":"HS256"}']) {
    add(/"alg":"[^"]*","(alg|\\u0061lg)"/.test(header) ? 'duplicate alg' : 'malformed header', `header ${JSON.stringify(header)}`, 'hs', raw(header, JSON.stringify(payload()), SECRET, 'HS256'));
  }
  {
    const input = `${Buffer.from([0x7b, 0x22, 0x61, 0x6c, 0x67, 0x22, 0x3a, 0x22, 0x48, 0x53, 0x32, 0x35, 0x36, 0x22, 0x2c, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64url')}.${p}`;
    add('malformed header', 'header with invalid UTF-8', 'hs', `${input}.${signature('HS256', input, SECRET).toString('base64url')}`);
  }
  const hsRaw = (body) => raw('{"alg":"HS256"}', body, SECRET, 'HS256');
  add('duplicate claims', 'duplicate exp, last one past', 'hs', hsRaw(`{"exp":${NOW + 100},"exp":${NOW - 100}}`));
  add('duplicate claims', 'duplicate exp, last one future', 'hs', hsRaw(`{"exp":${NOW - 100},"exp":${NOW + 100}}`));
  // Duplicates are refused even when spelled with escapes, whichever value comes last (here the valid one).
  add('duplicate claims', 'duplicate exp spelled with an escape, last one future', 'hs', hsRaw(`{"exp":${NOW - 100},"\\u0065xp":${NOW + 100}}`));
  add('duplicate claims', 'duplicate aud spelled with an escape, last one right', 'rsa', raw('{"alg":"RS256"}', `{"iss":"good","aud":"evil","\\u0061ud":"api","exp":${NOW + 100}}`, KEYS.rsa.private, 'RS256'));
  add('payload not an object', 'payload array', 'hs', hsRaw(`[${NOW + 100},null,null,null,null]`));
  for (const body of ['"admin"', '42', 'null', 'true', 'not json']) add('payload not an object', `payload ${body}`, 'hs', hsRaw(body));
  for (const exp of ['"9999999999"', 'true', 'null', '{}', '[1]']) add('exp not a number', `exp ${exp}`, 'hs', hsRaw(`{"exp":${exp}}`));
  for (const exp of ['-1', 'NaN', 'Infinity', '1e999']) add('exp out of range', `exp ${exp}`, 'hs', hsRaw(`{"exp":${exp}}`));
  add('exp far future under maxAge', 'exp 2^64-1 with an old iat, maxAge set', 'hsMaxAge', hsRaw(`{"exp":18446744073709551615,"iat":${NOW - 7200}}`));
  add('expired token', 'exp 30 s in the past', 'hs', hs(payload({ exp: NOW - 30 })));
  add('expired token', 'exp == now', 'hs', hs(payload({ exp: NOW })));
  add('no exp and no iat under maxAge', 'no exp and no iat, maxAge set', 'hsMaxAge', hs({ sub: 'x' }));
  add('nbf in the future', 'nbf 1 h in the future', 'hs', hs(payload({ nbf: NOW + 3600 })));
  add('iat not a number', 'iat as a string', 'hs', hs(payload({ iat: 'yesterday' })));
  // The RSA strategy expects aud "api" and iss "good".
  for (const aud of ['other', ['a', 'b'], [], 'API']) add('wrong audience', `aud ${JSON.stringify(aud)}`, 'rsa', rs(payload({ aud })));
  add('missing audience', 'aud absent', 'rsa', rs(payload({ aud: undefined })));
  for (const aud of [123, [123], { api: true }, null]) add('audience not a string', `aud ${JSON.stringify(aud)}`, 'rsa', rs(payload({ aud })));
  for (const iss of [undefined, 7, ['evil', 'good']]) add('wrong or missing issuer', `iss ${JSON.stringify(iss)}`, 'rsa', rs(payload({ iss })));
  add('subject not a string', 'sub as a number, subject "1" configured', 'hsSubject', hs(payload({ sub: 1 })));
  for (const header of [{ crit: ['x-unknown'], 'x-unknown': 1 }, { crit: [] }, { crit: ['b64'], b64: false }, { b64: false }, { crit: 'exp' }]) {
    add('crit and b64 headers', `header ${JSON.stringify(header)}`, 'hs', hs(payload(), header));
  }
  add('nested JWT', 'cty JWT nested token is not unwrapped', 'hs', sign(good, SECRET, { cty: 'JWT' }));
  add('oversized token', '20 kB token', 'hs', hs(payload({ pad: 'x'.repeat(20_000) })));
  add('oversized token', '8 MiB token', 'hs', `${'e'.repeat(4 << 20)}.${'e'.repeat(4 << 20)}.x`);
  const deep = (n) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  add('deep nesting', 'payload nested 5000 deep', 'hs', hsRaw(`{"x":${deep(5000)}}`));
  add('deep nesting', 'header nested 5000 deep', 'hs', raw(`{"alg":"HS256","x":${deep(5000)}}`, JSON.stringify(payload()), SECRET, 'HS256'));
  add('deep nesting', 'payload nested 129 deep', 'hs', hsRaw(`{"x":${deep(128)}}`));
  add('homoglyph issuer', 'Cyrillic homoglyph issuer', 'rsa', rs(payload({ iss: 'g\u043eod' })));
  return list.filter((c) => c.token !== null);
}

test('control: valid tokens succeed through the same harness', { timeout: 60_000 }, async () => {
  for (const [strat, token] of [['hs', hs()], ['rsa', rs()], ['p256', es()], ['ed', ed()], ['jwks', hs(payload(), { kid: 'k1' })], ['jwks', rs(payload(), { kid: 'r1' })], ['hsMaxAge', hs()]]) {
    const actions = await authenticate(S[strat], token);
    assert.equal(actions.length, 1, `${strat}: ${JSON.stringify(actions)}`);
    assert.equal(actions[0][0], 'success', `${strat}: ${actions[0][1] && actions[0][1].message}`);
  }
  // PKCS#1 control: the hand-made PKCS#1 v1.5 encoding is the real one, so the variants test what they claim.
  const manual = rsaRaw(rs(), (hash) => pkcs1(Buffer.concat([DIGEST_INFO_PREFIX, hash])));
  assert.equal((await authenticate(S.rsa, manual))[0][0], 'success');
  // Deep nesting control: 127 levels inside the payload object (128 in all) are fine.
  const ok = raw('{"alg":"HS256"}', `{"x":${'['.repeat(127)}1${']'.repeat(127)}}`, SECRET, 'HS256');
  assert.equal((await authenticate(S.hs, ok))[0][0], 'success');
});

test('every hostile input ends in fail', { timeout: 120_000 }, async () => {
  const all = cases();
  const wrong = [];
  const attacks = new Set();
  for (const c of all) {
    const actions = await authenticate(S[c.strat], c.token);
    attacks.add(c.attack);
    const ok = actions.length === 1 && actions[0][0] === 'fail';
    if (!ok) {
      wrong.push(`${c.attack}: ${c.label}: ${actions.map(([a, x]) => `${a}(${x && x.message})`).join(', ')}`);
      continue;
    }
    // A fail carries a jsonwebtoken-style error (or passport-jwt's "No auth token") whose message never
    // echoes the token.
    const err = actions[0][1];
    assert.ok(err instanceof Error, `${c.attack}: ${c.label}: fail(${err})`);
    if (typeof c.token === 'string' && c.token.length > 8) {
      assert.ok(!err.message.includes(c.token.slice(0, 32)), `${c.attack}: ${c.label}: message echoes the token`);
    }
  }
  console.log(`hostile inputs checked: ${all.length} (${attacks.size} attacks: ${[...attacks].join('; ')})`);
  assert.deepEqual(wrong, []);
  assert.ok(all.length >= 150);
});

test('__proto__ in the payload stays an own property on success', { timeout: 60_000 }, async () => {
  const token = raw('{"alg":"HS256"}', `{"__proto__":{"isAdmin":true},"sub":"x","exp":${NOW + 60}}`, SECRET, 'HS256');
  const actions = await authenticate(S.hs, token);
  assert.equal(actions[0][0], 'success');
  const p = actions[0][1].payload;
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
  assert.ok(Object.prototype.hasOwnProperty.call(p, '__proto__'));
  assert.equal(p.isAdmin, undefined);
});
