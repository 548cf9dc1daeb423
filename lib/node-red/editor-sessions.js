'use strict';
// Node-RED's own editor sessions, reached where Node-RED offers a plugin no hook.
//
// Node-RED closes an editor websocket only when the session it was opened with expires
// (@node-red/editor-api lib/editor/comms.js, handleSessionExpiry, called from lib/auth/tokens.js). A plugin is
// told neither the session's access token nor anything when one is used, so to end a session together with its
// websocket we use the token store's module instance that Node-RED loaded (the same object, found in
// require.cache): `get(accessToken)` returns the live session, whose `expires` Node-RED itself enforces on HTTP
// requests and on its expiry pass. Node-RED 5 hands out a one-time exchange code first; the access token is
// learnt when the editor exchanges it. If the module cannot be found, `available` is false and sessions still end
// for HTTP through the `users` hook (sessions.js), but an open websocket lives on until Node-RED's own expiry.

const path = require('path');

const SUFFIX = path.join('@node-red', 'editor-api', 'lib', 'auth', 'tokens.js');
const MAX_PENDING_CODES = 1000;
const CODE_TTL_MS = 60 * 1000;

function findTokenStore() {
  const found = Object.keys(require.cache).filter((file) => file.endsWith(SUFFIX));
  if (found.length !== 1) return null;
  const store = require.cache[found[0]].exports;
  return store && typeof store.get === 'function' && typeof store.revoke === 'function' ? store : null;
}

function createEditorSessions({ locate = findTokenStore } = {}) {
  let store;
  const pendingCodes = new Map(); // exchange code -> { onToken, expires }

  function tokenStore() {
    if (store === undefined || store === null) store = locate();
    return store;
  }

  function session(accessToken) {
    const found = tokenStore();
    if (!found || typeof accessToken !== 'string') return Promise.resolve(null);
    return Promise.resolve(found.get(accessToken)).then((s) => (s && typeof s === 'object' ? s : null), () => null);
  }

  // Node-RED 5: the session becomes reachable by its access token only when the editor exchanges the code.
  function watchExchange(found) {
    if (typeof found.exchangeCodeForToken !== 'function' || found.exchangeCodeForToken.nodeRedAuthJwt) return;
    const original = found.exchangeCodeForToken;
    const wrapped = function exchangeCodeForToken(code, ...rest) {
      const result = original.call(this, code, ...rest);
      const pending = typeof code === 'string' ? pendingCodes.get(code) : undefined;
      if (pending) {
        pendingCodes.delete(code);
        Promise.resolve(result).then((tokens) => {
          if (tokens && typeof tokens.accessToken === 'string') pending.onToken(tokens.accessToken);
        }, () => {});
      }
      return result;
    };
    wrapped.nodeRedAuthJwt = true;
    found.exchangeCodeForToken = wrapped;
  }

  /**
   * Calls onToken(accessToken) once Node-RED has the session for what its sign-in handed back
   * (`{accessToken}` on 3.x/4.x, `{exchangeCode}` on 5.x).
   */
  function whenIssued(tokens, onToken) {
    if (!tokens || typeof tokens !== 'object') return;
    if (typeof tokens.accessToken === 'string') {
      onToken(tokens.accessToken);
      return;
    }
    const found = tokenStore();
    if (!found || typeof tokens.exchangeCode !== 'string') return;
    watchExchange(found);
    const now = Date.now();
    for (const [code, pending] of pendingCodes) if (pending.expires < now) pendingCodes.delete(code);
    if (pendingCodes.size >= MAX_PENDING_CODES) pendingCodes.delete(pendingCodes.keys().next().value);
    pendingCodes.set(tokens.exchangeCode, { onToken, expires: now + CODE_TTL_MS });
  }

  /**
   * Moves the session's end to `endsAt` (ms), never past `cap` (the end Node-RED gave it; by default its current
   * end). Resolves the end it had before, or null when Node-RED has no such session.
   */
  async function setExpiry(accessToken, endsAt, cap) {
    const live = await session(accessToken);
    if (!live) return null;
    const before = live.expires;
    live.expires = Math.min(endsAt, cap === undefined ? before : cap);
    return before;
  }

  /** Ends the session now: Node-RED drops it, tells its websocket "auth fail" and closes it. */
  async function expire(accessToken) {
    const live = await session(accessToken);
    if (!live) return;
    live.expires = 0;
    // An expired session found by `get` makes Node-RED run its expiry pass, which calls the websocket's listener.
    await session(accessToken);
  }

  async function isLive(accessToken) {
    return (await session(accessToken)) !== null;
  }

  return {
    whenIssued,
    setExpiry,
    expire,
    isLive,
    get available() {
      return tokenStore() !== null;
    },
  };
}

module.exports = { createEditorSessions, findTokenStore };
