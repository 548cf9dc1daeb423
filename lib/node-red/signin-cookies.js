'use strict';
// The two cookies our sign-in sets, both sealed (../oidc/sealed.js) and HttpOnly, scoped to <admin>/auth/strategy:
// - the pending sign-in: state, nonce and PKCE verifier bound to the browser that started it, for 10 minutes.
//   The server keeps nothing per anonymous request; a used state is remembered until it would expire anyway,
//   so the same callback cannot be replayed.
// - the signed-in session: its id and the ID token, for the sign-out's id_token_hint.

const cookie = require('cookie');
const crypto = require('crypto');
const { createSealer } = require('../oidc/sealed');
const { sameText } = require('../oidc/id-token');

const PENDING = 'nr-auth-jwt-signin';
const SESSION = 'nr-auth-jwt-session';
const PENDING_TTL_MS = 10 * 60 * 1000;
const MAX_USED = 10000;
const STRATEGY_PATH = '/auth/strategy';
// A Host header we will put into a redirect_uri: a host name or address and an optional port, nothing else.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;


function requestPath(req) {
  return String(req.originalUrl || req.url || '').split('?')[0];
}

/** The admin root as seen by the browser ("" or "/admin"), taken from where Node-RED routed the request. */
function adminPrefix(req) {
  const path = requestPath(req);
  const at = path.lastIndexOf(STRATEGY_PATH);
  return at < 0 ? '' : path.slice(0, at);
}

// Behind a TLS-terminating proxy Node-RED sees https only through `trust proxy` (req.secure), so either counts.
function isHttps(req, baseURL) {
  return (typeof baseURL === 'string' && baseURL.startsWith('https:')) || req.secure === true || req.protocol === 'https';
}

/** `http(s)://host[:port]` this request came to, or null for a bad Host header. */
function requestOrigin(req) {
  const host = req.headers && req.headers.host;
  if (typeof host !== 'string' || !HOST.test(host)) return null;
  return `${isHttps(req) ? 'https' : 'http'}://${host}`;
}

/** `<baseURL>` or, without one, the origin and admin root this request came to (null for a bad Host header). */
function editorURL(req, baseURL) {
  if (baseURL) return baseURL;
  const origin = requestOrigin(req);
  return origin === null ? null : `${origin}${adminPrefix(req)}/`;
}

function strategyPath(req) {
  return `${adminPrefix(req)}${STRATEGY_PATH}`;
}

/**
 * @param {{baseURL: string|null, crossSitePost: boolean, cookiePath?: (req) => string,
 *   names?: {pending?: string, session?: string}}} options the editor's defaults, or the flows' (http-node/)
 */
function createSigninCookies({ baseURL, crossSitePost, cookiePath = strategyPath, names = {} }) {
  const sealer = createSealer();
  const pendingName = names.pending || PENDING;
  const sessionName = names.session || SESSION;
  const used = new Map(); // state -> when it would have expired

  function attributes(req, maxAgeSeconds) {
    const secure = isHttps(req, baseURL);
    // A form_post callback is a cross-site POST: only SameSite=None cookies come along, and browsers accept
    // those only with Secure (https). A GET callback is a top-level navigation, which SameSite=Lax allows.
    const sameSite = crossSitePost && secure ? 'none' : 'lax';
    return { httpOnly: true, secure, sameSite, path: cookiePath(req), maxAge: maxAgeSeconds };
  }

  function append(req, text) {
    const res = req.res;
    if (!res || typeof res.getHeader !== 'function' || res.headersSent) return;
    const prev = res.getHeader('Set-Cookie');
    res.setHeader('Set-Cookie', prev === undefined ? [text] : [].concat(prev, text));
  }

  function read(req, name) {
    const header = req.headers && req.headers.cookie;
    if (typeof header !== 'string') return null;
    try {
      const value = cookie.parse(header)[name];
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  function write(req, name, purpose, value, ttlMs) {
    append(req, cookie.serialize(name, sealer.seal(purpose, value, ttlMs), attributes(req, Math.floor(ttlMs / 1000))));
  }

  function clear(req, name) {
    append(req, cookie.serialize(name, '', { ...attributes(req, 0), expires: new Date(0) }));
  }

  /** Starts a sign-in: a fresh state (and whatever else `extra` holds) bound to this browser. */
  function begin(req, extra = {}) {
    const pending = { state: crypto.randomBytes(24).toString('base64url'), ...extra };
    write(req, pendingName, 'signin', pending, PENDING_TTL_MS);
    return pending;
  }

  /**
   * Ends a sign-in: the pending values if the browser brought them and `state` matches, else null. One use only:
   * the cookie is cleared and the state remembered.
   */
  function finish(req, state) {
    const pending = sealer.open('signin', read(req, pendingName));
    if (pending !== null) clear(req, pendingName);
    if (pending === null || typeof state !== 'string' || !sameText(pending.state, state)) return null;
    const now = Date.now();
    if (used.has(state)) return null;
    for (const [value, expires] of used) if (expires < now) used.delete(value);
    if (used.size >= MAX_USED) used.delete(used.keys().next().value);
    used.set(state, now + PENDING_TTL_MS);
    return pending;
  }

  function rememberSession(req, value, ttlMs) {
    write(req, sessionName, 'session', value, ttlMs);
  }

  /** The session's value without ending it (null when absent, changed or expired). */
  function readSession(req) {
    return sealer.open('session', read(req, sessionName));
  }

  function takeSession(req) {
    const value = readSession(req);
    if (read(req, sessionName) !== null) clear(req, sessionName);
    return value;
  }

  return { begin, finish, rememberSession, readSession, takeSession };
}

module.exports = { createSigninCookies, editorURL, requestOrigin, adminPrefix };
