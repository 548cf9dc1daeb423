'use strict';
// A token in, the flows' user out: `{username, claims}` (what msg.req.user holds, never the token itself), or why
// not. Verified tokens are kept in the bounded cache until their `exp`, so a client that repeats its bearer token
// pays for one signature check, as on the admin API.

const { TokenCache } = require('../node-red/token-cache');
const { readClaim, usernameFrom } = require('../node-red/users');
const { MESSAGES, forError } = require('../node-red/messages');
const { CODE } = require('../error-codes');

// The key set could not be had: the provider's fault, not the caller's (503, try again).
const UNAVAILABLE = new Set([CODE.ERR_JWKS_TIMEOUT, CODE.ERR_JWKS_FETCH, CODE.ERR_JWKS_TOO_LARGE, CODE.ERR_JWKS_INVALID, CODE.ERR_OIDC_DISCOVERY]);

function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * @param {object} config from options.parse
 * @param {Function} checkToken from node-red/token-checker.js
 */
function createIdentity(config, checkToken, cache = new TokenCache()) {
  const { usernameClaim, permissionsClaim } = config;

  /** {user} for a verified payload, or {status: 401, description} when it names nobody usable. */
  function fromPayload(payload) {
    const username = usernameFrom(readClaim(payload, usernameClaim));
    if (username === null) return { status: 401, description: MESSAGES.username };
    // An address the provider has not verified may belong to someone else (OpenID Connect Core §5.1).
    if (usernameClaim === 'email' && config.requireVerifiedEmail && payload.email_verified !== true) {
      return { status: 401, description: MESSAGES.emailUnverified };
    }
    // Frozen: every message of every request shares it, and a function node must not change the next one's user.
    return { user: deepFreeze({ username, claims: payload }) };
  }

  function notAfter(payload) {
    if (config.maxAgeMs === undefined || typeof payload.iat !== 'number') return undefined;
    return payload.iat * 1000 + config.maxAgeMs;
  }

  /** Resolves {user} or {status: 401|503, description}; never rejects. */
  async function identify(token) {
    const cached = cache.get(token);
    if (cached !== undefined) return cached;
    let payload;
    try {
      payload = await checkToken(token);
    } catch {
      payload = new Error('token check failed');
    }
    if (payload instanceof Error) {
      if (UNAVAILABLE.has(payload.code)) return { status: 503, description: MESSAGES.keyUnavailable };
      return { status: 401, description: forError(payload) };
    }
    const outcome = fromPayload(payload);
    if (outcome.user) cache.set(token, outcome, payload.exp, notAfter(payload));
    return outcome;
  }

  /** Whether the user's permissionsClaim holds, for every list, at least one of its values. */
  function hasRoles(user, roleLists) {
    if (roleLists.length === 0) return true;
    const claim = readClaim(user.claims, permissionsClaim);
    const held = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim.filter((v) => typeof v === 'string') : [];
    return roleLists.every((list) => list.some((role) => held.includes(role)));
  }

  return { identify, fromPayload, hasRoles };
}

module.exports = { createIdentity };
