'use strict';
// The browser side of the flows' protection: a page visit without a token goes through the provider's sign-in
// (the editor's code + PKCE flow, node-red/code-flow.js) and comes back to <httpNodeRoot>/_auth/callback, which
// sets a sealed session cookie for httpNodeRoot (HttpOnly, SameSite=Lax, ending with the ID token; it holds the
// token's claims, from which each request's user is made as for a bearer token) and returns
// the browser to the page it asked for. A browser is a GET or HEAD that accepts text/html and sends no
// Authorization header; everything else is an API caller and gets the 401.

const { createProvider } = require('../oidc/provider');
const { createIdTokenChecker } = require('../node-red/token-checker');
const { createSigninCookies, requestOrigin } = require('../node-red/signin-cookies');
const { createCodeFlow } = require('../node-red/code-flow');
const { MESSAGES, forError } = require('../node-red/messages');
const { CODE } = require('../error-codes');

const CALLBACK = '/_auth/callback';
const SIGNOUT = '/_auth/signout';
const NAMES = { pending: 'nr-auth-jwt-flows-signin', session: 'nr-auth-jwt-flows' };
const MAX_RETURN_LENGTH = 2048;
const PROVIDER_ERRORS = new Set([CODE.ERR_OIDC_DISCOVERY, CODE.ERR_OIDC_UNAVAILABLE, CODE.ERR_JWKS_TIMEOUT, CODE.ERR_JWKS_FETCH]);

// Browsers keep cookies up to 4096 bytes; the sealed value is about 4/3 of the JSON plus a few dozen bytes.
const MAX_SESSION_JSON = 2800;
// Claims that only served the sign-in itself.
const SIGNIN_ONLY = new Set(['nonce', 'at_hash', 'c_hash', 's_hash']);

/** The ID token's claims to keep in the session cookie, or null when they would not fit in one. */
function sessionClaims(payload) {
  const claims = Object.fromEntries(Object.entries(payload).filter(([name]) => !SIGNIN_ONLY.has(name)));
  return JSON.stringify(claims).length > MAX_SESSION_JSON ? null : claims;
}

/** httpNodeRoot as the browser sees it ("" for "/"): where Node-RED mounted us. */
function rootOf(req) {
  return typeof req.baseUrl === 'string' ? req.baseUrl.replace(/\/+$/, '') : '';
}

function isNavigation(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html') && req.headers.authorization === undefined;
}

// Only a path on this host comes back from the sign-in: never "//elsewhere" or "/\elsewhere".
function returnPath(req) {
  const url = typeof req.originalUrl === 'string' ? req.originalUrl : '';
  if (!/^\/(?![/\\])/.test(url) || url.length > MAX_RETURN_LENGTH) return `${rootOf(req)}/`;
  return url;
}

function page(res, status, text) {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

function redirect(res, location) {
  if (res.headersSent) return;
  res.statusCode = 302;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Location', location);
  res.end();
}

/**
 * @param {object} config from options.parse (config.oidc set)
 * @param {{fromPayload: Function}} identity from identity.js
 */
function createBrowserSignIn(config, identity) {
  const provider = createProvider(config.oidc);
  const cookies = createSigninCookies({
    baseURL: config.oidc.baseURL,
    crossSitePost: false,
    cookiePath: (req) => `${rootOf(req)}/`,
    names: NAMES,
  });
  const checkIdToken = createIdTokenChecker(config);
  const codeFlow = createCodeFlow({ config: { oidc: config.oidc, verify: config.verify }, provider, cookies, checkIdToken, directory: null });
  const tolerance = config.verify.clockTolerance || 0;

  function callbackUri(req) {
    if (config.oidc.baseURL !== null) return `${config.oidc.baseURL}${CALLBACK}`;
    const origin = requestOrigin(req);
    return origin === null ? null : `${origin}${rootOf(req)}${CALLBACK}`;
  }

  async function start(req, res) {
    const callback = callbackUri(req);
    if (callback === null) return page(res, 400, MESSAGES.failed);
    const location = await codeFlow.start(req, callback, { returnTo: returnPath(req) });
    if (location instanceof Error) return page(res, 503, MESSAGES.providerUnavailable);
    return redirect(res, location);
  }

  async function finish(req, res) {
    const outcome = await codeFlow.finish(req);
    if (outcome.error) {
      const err = outcome.error;
      if (err instanceof Error) return page(res, PROVIDER_ERRORS.has(err.code) ? 503 : 401, forError(err));
      return page(res, 401, err);
    }
    const found = identity.fromPayload(outcome.payload);
    if (!found.user) return page(res, found.status, found.description);
    const ttlMs = (outcome.payload.exp + tolerance) * 1000 - Date.now();
    if (!(ttlMs > 0)) return page(res, 401, MESSAGES.expired);
    const claims = sessionClaims(outcome.payload);
    // A cookie the browser drops would send it round the provider forever: refuse instead.
    if (claims === null) return page(res, 401, MESSAGES.failed);
    cookies.rememberSession(req, { claims }, ttlMs);
    return redirect(res, typeof outcome.pending.returnTo === 'string' ? outcome.pending.returnTo : `${rootOf(req)}/`);
  }

  /** Answers the sign-in's own routes; false for any other request. */
  function route(req, res, path) {
    if (path === CALLBACK && req.method === 'GET') {
      finish(req, res).catch(() => page(res, 500, MESSAGES.failed));
      return true;
    }
    if (path === SIGNOUT) {
      cookies.takeSession(req);
      page(res, 200, 'Signed out');
      return true;
    }
    return false;
  }

  /** The signed-in browser's user from its session cookie, or null. Reads only headers (also a socket's). */
  function session(req) {
    const value = cookies.readSession(req);
    if (!value || !value.claims || typeof value.claims !== 'object' || Array.isArray(value.claims)) return null;
    const found = identity.fromPayload(value.claims);
    return found.user || null;
  }

  return { route, start, session, isNavigation };
}

module.exports = { createBrowserSignIn, rootOf, returnPath, CALLBACK, SIGNOUT, NAMES };
