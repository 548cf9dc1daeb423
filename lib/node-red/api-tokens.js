'use strict';
// Node-RED's `adminAuth.tokens(token)`: a JWT sent to the admin API (Authorization: Bearer, or `tokenHeader`)
// or in the editor websocket's auth packet becomes `{username, permissions}`, or null.
// It runs on every such request, so verified tokens are kept in a bounded cache until their `exp`.
// It never throws or rejects: Node-RED's websocket path does not catch, and a rejection there ends the process.

const { TokenCache } = require('./token-cache');

/**
 * @param {{config: object, checkToken: Function, directory: object, cache?: TokenCache}} context
 * @returns {(token: *) => Promise<{username: string, permissions: string|string[]}|null>}
 */
function createApiTokens({ config, checkToken, directory, cache = new TokenCache() }) {
  // With a users function the answer may change between calls (someone removed from a directory), so only
  // the verification is cached and the function is asked each time; otherwise the whole answer is cached.
  const askEachTime = config.users !== null && config.users.kind === 'function';

  function answer(user) {
    return user ? { username: user.username, permissions: Array.isArray(user.permissions) ? [...user.permissions] : user.permissions } : null;
  }

  function notAfter(payload) {
    if (config.maxAgeMs === undefined || typeof payload.iat !== 'number') return undefined;
    return payload.iat * 1000 + config.maxAgeMs;
  }

  async function fromPayload(token, payload) {
    const outcome = await directory.resolve(payload);
    const user = outcome.user || null;
    if (user && !askEachTime) cache.set(token, { user }, payload.exp, notAfter(payload));
    return user;
  }

  async function verifyAndMap(token) {
    const cached = cache.get(token);
    if (cached !== undefined) {
      if (cached.user) return answer(cached.user);
      const outcome = await directory.resolve(cached.payload);
      return answer(outcome.user);
    }
    const payload = await checkToken(token);
    if (payload instanceof Error) return null;
    if (askEachTime) cache.set(token, { payload }, payload.exp, notAfter(payload));
    return answer(await fromPayload(token, payload));
  }

  return function tokens(token) {
    if (typeof token !== 'string' || token === '') return Promise.resolve(null);
    return verifyAndMap(token).catch(() => null);
  };
}

module.exports = { createApiTokens };
