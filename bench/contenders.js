'use strict';
// The contenders, each built for one fixture (algorithm + keys). A built contender has:
//   prepare(token) -> the input its run() takes (a request object for passport strategies, else the token);
//   run(input)     -> true when accepted (async contenders return a Promise of that);
// Every contender checks signature, exp, iss and aud, except the floor, which by definition checks no claims.

const crypto = require('crypto');
const { ISSUER, AUDIENCE, strategyOptions } = require('./fixtures');

function ourModule() {
  return require('..');
}

const verifyCallback = (payload, done) => done(null, payload);

// Passport drives a strategy by creating an object whose prototype is the configured strategy, attaching
// success/fail/error, and calling authenticate(req, options). The result must arrive synchronously.
function passportDriver(strategy) {
  let outcome = 0;
  const driver = { lastError: null };
  const onSuccess = () => {
    outcome = 1;
  };
  const onFail = (info) => {
    outcome = 2;
    driver.lastError = info;
  };
  const onError = () => {
    outcome = 3;
  };
  const authOptions = { session: false };
  return Object.assign(driver, {
    prepare: (token) => ({ headers: { authorization: `Bearer ${token}` }, query: {}, body: {}, url: '/' }),
    run(req) {
      outcome = 0;
      const s = Object.create(strategy);
      s.success = onSuccess;
      s.fail = onFail;
      s.error = onError;
      s.authenticate(req, authOptions);
      if (outcome === 0) throw new Error('authenticate did not complete synchronously');
      if (outcome === 3) throw new Error('authenticate called error()');
      return outcome === 1;
    },
  });
}

function plain(fn) {
  return { prepare: (token) => token, run: fn };
}

// A library that throws on a bad token: true when it accepts, false (remembering why) when it throws.
function throwing(verify) {
  const built = { lastError: null, prepare: (token) => token };
  built.run = (token) => {
    try {
      verify(token);
      return true;
    } catch (err) {
      built.lastError = err;
      return false;
    }
  };
  return built;
}

const contenders = [
  {
    id: 'ours',
    label: 'node-red-auth-jwt Strategy, whole authenticate, key as string',
    build(f) {
      const { Strategy, ExtractJwt } = ourModule();
      const strategy = new Strategy(
        strategyOptions(f, ExtractJwt, f.keys.verifyString),
        verifyCallback,
      );
      return passportDriver(strategy);
    },
  },
  {
    id: 'ours-compiled',
    label: 'node-red-auth-jwt CompiledVerifier.check (no Strategy; diagnostic)',
    diagnostic: true,
    build(f) {
      const { CompiledVerifier } = require('../lib/verification/verify');
      const v = new CompiledVerifier(f.keys.verifyString, { issuer: ISSUER, audience: AUDIENCE, algorithms: [f.alg] });
      return plain((token) => !(v.check(token) instanceof Error));
    },
  },
  {
    id: 'pj-string',
    label: 'passport-jwt 4.0.1, whole authenticate, key as string',
    build(f) {
      const { Strategy, ExtractJwt } = require('passport-jwt');
      return passportDriver(
        new Strategy(
          strategyOptions(f, ExtractJwt, f.keys.verifyString),
          verifyCallback,
        ),
      );
    },
  },
  {
    id: 'pj-keyobject',
    label: 'passport-jwt 4.0.1, whole authenticate, key as KeyObject',
    build(f) {
      const { Strategy, ExtractJwt } = require('passport-jwt');
      return passportDriver(
        new Strategy(
          strategyOptions(f, ExtractJwt, f.keys.verifyObject),
          verifyCallback,
        ),
      );
    },
  },
  {
    id: 'jsonwebtoken',
    label: 'jsonwebtoken 9 verify, KeyObject',
    build(f) {
      const jwt = require('jsonwebtoken');
      const opts = { issuer: ISSUER, audience: AUDIENCE, algorithms: [f.alg] };
      return throwing((token) => jwt.verify(token, f.keys.verifyObject, opts));
    },
  },
  {
    id: 'fast-jwt',
    label: 'fast-jwt 6 createVerifier, no cache',
    build(f) {
      const { createVerifier } = require('fast-jwt');
      const v = createVerifier({ key: f.keys.verifyString, algorithms: [f.alg], allowedIss: ISSUER, allowedAud: AUDIENCE });
      return throwing(v);
    },
  },
  {
    id: 'fast-jwt-cache',
    label: 'fast-jwt 6 createVerifier, cache on, same token repeated',
    build(f) {
      const { createVerifier } = require('fast-jwt');
      const v = createVerifier({
        key: f.keys.verifyString,
        algorithms: [f.alg],
        allowedIss: ISSUER,
        allowedAud: AUDIENCE,
        cache: true,
      });
      return throwing(v);
    },
  },
  {
    id: 'jose',
    label: 'jose 6 jwtVerify, KeyObject, awaited one by one',
    async: true,
    build(f) {
      const jose = require('jose');
      const opts = { issuer: ISSUER, audience: AUDIENCE, algorithms: [f.alg] };
      return plain((token) =>
        jose.jwtVerify(token, f.keys.verifyObject, opts).then(
          () => true,
          () => false,
        ),
      );
    },
  },
  {
    id: 'node-rs',
    label: '@node-rs/jsonwebtoken verifySync, key as string',
    build(f) {
      const { verifySync } = require('@node-rs/jsonwebtoken');
      const validation = { algorithms: [f.alg], aud: [AUDIENCE], iss: [ISSUER], leeway: 0 };
      return throwing((token) => verifySync(token, f.keys.verifyString, validation));
    },
  },
  {
    id: 'floor',
    label: 'node:crypto floor: split, base64url + JSON decode, one verify with a ready KeyObject (no claim checks)',
    floor: true,
    build(f) {
      return plain(floorVerifier(f.alg, f.keys.verifyObject));
    },
  },
];

function floorVerifier(alg, key) {
  const decode = (segment) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  let check;
  if (alg === 'HS256') {
    check = (input, sig) => {
      const mac = crypto.createHmac('sha256', key).update(input).digest();
      return mac.length === sig.length && crypto.timingSafeEqual(mac, sig);
    };
  } else {
    const hash = { RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', ES384: 'sha384', EdDSA: null }[alg];
    let verifyKey = key;
    if (alg === 'PS256') verifyKey = { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    if (alg === 'ES256' || alg === 'ES384') verifyKey = { key, dsaEncoding: 'ieee-p1363' };
    check = (input, sig) => crypto.verify(hash, Buffer.from(input), verifyKey, sig);
  }
  return (token) => {
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    const header = decode(token.slice(0, dot1));
    decode(token.slice(dot1 + 1, dot2));
    if (header.alg !== alg) return false;
    return check(token.slice(0, dot2), Buffer.from(token.slice(dot2 + 1), 'base64url'));
  };
}

module.exports = { contenders };
