'use strict';
// Our cached verification paths for the cache figure. lib/node-red/token-cache.js belongs to the Node-RED factory; the
// synchronous path here puts it in front of a compiled verifier exactly as lib/node-red/api-tokens.js does
// (get, else verify and set with exp and iat + maxAge), which is the operation fast-jwt's cached verifier does.
// The factory's own `adminAuth.tokens(token)` (async, maps the payload to a Node-RED user) is measured as well.

const { ISSUER, AUDIENCE } = require('./fixtures');

function build(fixture) {
  let TokenCache;
  let CompiledVerifier;
  try {
    ({ TokenCache } = require('../lib/node-red/token-cache'));
    ({ CompiledVerifier } = require('../lib/verification/verify'));
  } catch (err) {
    return { error: `lib/node-red/token-cache.js is not available: ${err.message}` };
  }
  const verifier = new CompiledVerifier(fixture.keys.verifyString, { issuer: ISSUER, audience: AUDIENCE, algorithms: [fixture.alg] });
  const cache = new TokenCache();
  const run = (token) => {
    let payload = cache.get(token);
    if (payload === undefined) {
      payload = verifier.check(token);
      if (payload instanceof Error) return false;
      cache.set(token, payload, payload.exp);
    }
    return true;
  };
  return { run, label: 'node-red-auth-jwt TokenCache in front of CompiledVerifier (sync)' };
}

/** `adminAuth.tokens(token)` of the Node-RED factory; resolves a user or null. */
function buildAdminTokens(fixture) {
  let factory;
  try {
    factory = require('..');
  } catch (err) {
    return { error: err.message };
  }
  let auth;
  try {
    auth = factory({
      secret: fixture.keys.verifyString,
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [fixture.alg],
      users: [{ username: fixture.claims.sub, permissions: '*' }],
      usernameClaim: 'sub',
    });
  } catch (err) {
    return { error: `the factory refused the options: ${err.message}` };
  }
  if (typeof auth.tokens !== 'function') return { error: 'the factory returned no tokens()' };
  const run = (token) => auth.tokens(token).then((user) => user !== null);
  return { run, async: true, label: 'node-red-auth-jwt adminAuth.tokens(token), awaited (async, maps to a user)' };
}

module.exports = { build, buildAdminTokens };
