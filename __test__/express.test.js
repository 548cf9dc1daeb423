'use strict';
// A real Express 5 app with real passport 0.7 protecting routes with our Strategy, driven over HTTP on 127.0.0.1.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const express = require('express');
const { Passport } = require('passport');
const { signJwt, sign: signJws } = require('./support/jws');
const Strategy = require('../lib/passport/strategy');
const ExtractJwt = require('../lib/passport/extract-jwt');

const ISSUER = 'https://issuer.example.test';
const AUDIENCE = 'node-red';
const signer = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = signer.publicKey.export({ type: 'spki', format: 'pem' });

function token(claims = {}, options = {}, key = signer.privateKey) {
  const defaults = { algorithm: 'RS256', issuer: ISSUER, audience: AUDIENCE };
  // An explicit exp claim and jsonwebtoken's expiresIn option cannot be combined.
  if (claims.exp === undefined) defaults.expiresIn = 300;
  return signJwt({ sub: 'alice', ...claims }, key, { ...defaults, ...options });
}

function b64url(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const strategyOptions = { secretOrKey: publicPem, issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] };
const toUser = (payload, done) => done(null, { name: payload.sub });

let server;
let base;
const callbackCalls = [];

before(async () => {
  const passport = new Passport();
  passport.use(new Strategy({ ...strategyOptions, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() }, toUser));
  passport.use('jwt-cookie', new Strategy({ ...strategyOptions, jwtFromRequest: ExtractJwt.fromCookie('jwt') }, toUser));
  passport.use('jwt-query', new Strategy({ ...strategyOptions, jwtFromRequest: ExtractJwt.fromUrlQueryParameter('token') }, toUser));

  const app = express();
  app.use(passport.initialize());
  const send = (req, res) => res.json({ user: req.user });
  app.get('/api/me', passport.authenticate('jwt', { session: false }), send);
  app.get('/cookie/me', passport.authenticate('jwt-cookie', { session: false }), send);
  app.get('/query/me', passport.authenticate('jwt-query', { session: false }), send);
  // A custom callback that throws once the user is known: passport-jwt would call it a second time with the
  // exception; ours runs it once and the exception reaches Express's error handler.
  app.get('/custom', (req, res, next) => {
    passport.authenticate('jwt', { session: false }, (err, user, info) => {
      callbackCalls.push({ err: err ? err.message : null, user, info: info ? info.message : info });
      if (err) return next(err);
      if (!user) return res.status(401).json({ reason: info.message });
      throw new Error('downstream failure');
    })(req, res, next);
  });
  app.use((err, req, res, next) => {
    res.status(500).json({ error: err.message });
  });

  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function get(path, headers = {}) {
  return fetch(`${base}${path}`, { headers });
}

describe('Express 5 + passport 0.7 + our Strategy', () => {
  test('200 with a good token, and req.user comes from verify', async () => {
    const res = await get('/api/me', { authorization: `Bearer ${token()}` });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { user: { name: 'alice' } });
  });

  const now = Math.floor(Date.now() / 1000);
  const badTokens = [
    ['expired', () => token({ exp: now - 60 })],
    ['signed with another key', () => token({}, {}, stranger.privateKey)],
    ['wrong audience', () => token({}, { audience: 'someone-else' })],
    ['wrong issuer', () => token({}, { issuer: 'https://evil.example.test' })],
    ['not yet valid', () => token({ nbf: now + 3600 })],
    ['alg none', () => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'alice', iss: ISSUER, aud: AUDIENCE })}.`],
    ['HS256 keyed with the public key PEM (algorithm confusion)', () => signJws({ sub: 'alice', iss: ISSUER, aud: AUDIENCE }, publicPem, { alg: 'HS256', typ: 'JWT' })],
    ['tampered payload', () => {
      const [h, , s] = token().split('.');
      return `${h}.${b64url({ sub: 'admin', iss: ISSUER, aud: AUDIENCE })}.${s}`;
    }],
    ['malformed: two parts', () => 'abc.def'],
    ['malformed: not base64 JSON', () => 'a.b.c'],
    ['malformed: garbage', () => 'not-a-jwt'],
  ];
  for (const [title, make] of badTokens) {
    test(`401 when the token is ${title}`, async () => {
      const res = await get('/api/me', { authorization: `Bearer ${make()}` });
      assert.equal(res.status, 401);
      assert.equal(await res.text(), 'Unauthorized');
      // Like passport-jwt, no challenge header (Passport only sends string challenges).
      assert.equal(res.headers.get('www-authenticate'), null);
    });
  }

  test('401 when the token is missing or under another scheme', async () => {
    for (const headers of [{}, { authorization: '' }, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `JWT ${token()}` }]) {
      const res = await get('/api/me', headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
    }
  });

  test('the Bearer scheme is case-insensitive', async () => {
    const res = await get('/api/me', { authorization: `bEaReR ${token()}` });
    assert.equal(res.status, 200);
  });

  test('cookie extractor: reads the Cookie header without cookie-parser', async () => {
    const ok = await get('/cookie/me', { cookie: `theme=dark; jwt=${token({ sub: 'bob' })}` });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { user: { name: 'bob' } });
    const bad = await get('/cookie/me', { cookie: `jwt=${token({}, {}, stranger.privateKey)}` });
    assert.equal(bad.status, 401);
    const none = await get('/cookie/me', { cookie: 'theme=dark' });
    assert.equal(none.status, 401);
  });

  test('query extractor: ?token=', async () => {
    const ok = await get(`/query/me?x=1&token=${encodeURIComponent(token({ sub: 'carol' }))}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { user: { name: 'carol' } });
    const twice = await get(`/query/me?token=${token()}&token=${token()}`);
    assert.equal(twice.status, 401);
    const expired = await get(`/query/me?token=${token({ exp: now - 5 })}`);
    assert.equal(expired.status, 401);
  });

  test('custom callback: a failure arrives as (null, false, info) with the jsonwebtoken message', async () => {
    callbackCalls.length = 0;
    const res = await get('/custom', { authorization: `Bearer ${token({ exp: now - 60 })}` });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { reason: 'jwt expired' });
    assert.deepEqual(callbackCalls, [{ err: null, user: false, info: 'jwt expired' }]);
  });

  test('custom callback that throws after success runs once and the error reaches Express', async () => {
    callbackCalls.length = 0;
    const res = await get('/custom', { authorization: `Bearer ${token()}` });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { error: 'downstream failure' });
    assert.deepEqual(callbackCalls, [{ err: null, user: { name: 'alice' }, info: undefined }]);
  });
});
