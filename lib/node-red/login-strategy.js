'use strict';
// The Passport strategy behind the editor's "Sign in" button (Node-RED's `adminAuth.strategy`).
//
// GET <admin>/auth/strategy and <admin>/auth/strategy/callback both land here, in one of two modes:
// - code flow (`clientId`): the browser is sent to the provider's authorization endpoint with state, nonce and a
//   PKCE challenge (code-flow.js); the callback's code is exchanged on the server and the ID token verified.
// - token (otherwise): a request that brings a token (query, body, cookie, header) is verified; one that brings
//   none is sent to `loginURL`, which comes back to the callback with a token.
// Either way the verified claims become a Node-RED user and Node-RED's verify wrapper creates the editor session.
// `?logout` on /auth/strategy is where the editor goes after sign-out (editorTheme.logout.redirect): it ends
// the session here and, with end_session_endpoint, at the provider. Failures use fixed texts only (messages.js):
// Node-RED shows them in the login dialog.

const crypto = require('crypto');
const PassportStrategy = require('passport-strategy');
const cookie = require('cookie');
const authHeader = require('../passport/auth-header');
const { MESSAGES, forError, forReason } = require('./messages');
const { editorURL, adminPrefix } = require('./signin-cookies');
const { sameText } = require('../oidc/id-token');

const NAME = 'jwt';
const hasOwn = Object.prototype.hasOwnProperty;
// A sign-out's session cookie outlives no session: Node-RED's own limit (sessionExpiryTime) is at most this.
const SESSION_COOKIE_MS = 7 * 24 * 60 * 60 * 1000;

// A parameter as a single non-empty string. A repeated parameter (an array) or an object is `AMBIGUOUS`,
// which is refused rather than guessed at.
const AMBIGUOUS = Symbol('ambiguous');

function single(container, name) {
  if (!container || typeof container !== 'object' || !hasOwn.call(container, name)) return null;
  const value = container[name];
  if (typeof value === 'string') return value === '' ? null : value;
  return value === undefined || value === null ? null : AMBIGUOUS;
}

function queryOf(req) {
  if (req.query && typeof req.query === 'object') return req.query;
  try {
    return Object.fromEntries(new URL(req.url, 'http://request.invalid').searchParams);
  } catch {
    return null;
  }
}

function param(req, name) {
  const fromQuery = single(queryOf(req), name);
  return fromQuery !== null ? fromQuery : single(req.body, name);
}

function isCallback(req) {
  const path = typeof req.path === 'string' ? req.path : String(req.url || '').split('?')[0];
  return /\/callback\/?$/.test(path);
}

/**
 * Builds the strategy class for one factory call. Node-RED constructs it itself
 * (`new strategy.strategy(options, verify)`), so the configuration travels in this closure.
 * @param {{config: object, checkToken: Function, directory: object, sessions: object, cookies: object,
 *   codeFlow: object|null}} context
 */
function createLoginStrategy({ config, checkToken, directory, sessions, cookies, codeFlow }) {
  const bearerOnly = config.tokenHeader === null || config.tokenHeader === 'authorization';

  function fromCookie(req) {
    if (config.cookie === null || typeof req.headers.cookie !== 'string') return null;
    try {
      return single(cookie.parse(req.headers.cookie), config.cookie);
    } catch {
      return AMBIGUOUS;
    }
  }

  function fromHeader(req) {
    if (bearerOnly) {
      const parts = authHeader.parse(req.headers.authorization);
      return parts && /^bearer$/i.test(parts.scheme) ? parts.value : null;
    }
    const raw = req.headers[config.tokenHeader];
    if (typeof raw === 'string') return raw === '' ? null : raw;
    return raw === undefined ? null : AMBIGUOUS;
  }

  // In the documented order: query, form body, cookie, header. Returns a token, null or AMBIGUOUS.
  // Without a query parameter (tokenQueryParameter: false, as the proxy presets set) only what the proxy
  // asserts counts: its header first, then its own cookie; a `?token=` link can then never pick the identity.
  function extract(req) {
    if (config.tokenQueryParameter === null) return fromHeader(req) ?? fromCookie(req);
    const fromQuery = single(queryOf(req), config.tokenQueryParameter);
    if (fromQuery !== null) return fromQuery;
    const fromBody = single(req.body, config.tokenQueryParameter);
    if (fromBody !== null) return fromBody;
    return fromCookie(req) ?? fromHeader(req);
  }

  function loginLocation(req) {
    let url = config.loginURL;
    // Without baseURL, the address this request came to; the provider checks it against the registered one.
    const base = editorURL(req, config.baseURL);
    if (url.includes('{redirect}')) {
      if (base === null) return null;
      url = url.replaceAll('{redirect}', encodeURIComponent(`${base}auth/strategy/callback`));
    }
    if (config.stateful) {
      const pending = config.loginNonce ? cookies.begin(req, { nonce: crypto.randomBytes(24).toString('base64url') }) : cookies.begin(req);
      url = url.replaceAll('{state}', pending.state).replaceAll('{nonce}', pending.nonce || pending.state);
    }
    return url;
  }

  class NodeRedJwtLoginStrategy extends PassportStrategy {
    // Node-RED passes `strategy.options` first; everything we need is already in the closure.
    constructor(options, verify) {
      super();
      this.name = NAME;
      this._verify = verify;
    }

    authenticate(req) {
      try {
        this._begin(req);
      } catch {
        this._deliver(() => this.error(new Error(MESSAGES.failed)));
      }
    }

    // Passport's actions run Node-RED's next middleware. Called from a promise, an exception there would be an
    // unhandled rejection, which ends Node-RED; hand it to passport's error path instead.
    _deliver(action) {
      try {
        action();
      } catch (err) {
        try {
          this.error(err instanceof Error ? err : new Error(MESSAGES.failed));
        } catch {
          // Nothing left to report to; the request is already answered.
        }
      }
    }

    _refuse(message) {
      this._deliver(() => this.fail({ message }, 401));
    }

    // Runs an async step; anything unexpected is a fixed "Sign-in failed", never a rejection.
    _async(step) {
      step().catch(() => this._deliver(() => this.error(new Error(MESSAGES.failed))));
    }

    _begin(req) {
      const query = queryOf(req);
      if (!isCallback(req) && query && hasOwn.call(query, 'logout')) return this._async(() => this._logout(req));
      if (codeFlow !== null) {
        if (!isCallback(req)) return this._async(() => this._startCode(req));
        return this._async(() => this._finishCode(req));
      }
      const token = extract(req);
      if (token === null) {
        // A provider that comes back without a token (an error, a cancel) must not be sent round again:
        // that would loop with autoLogin.
        if (config.loginURL !== null && !isCallback(req)) {
          const location = loginLocation(req);
          return location === null ? this._refuse(MESSAGES.failed) : this.redirect(location);
        }
        return this._refuse(isCallback(req) && param(req, 'error') !== null ? MESSAGES.cancelled : MESSAGES.noToken);
      }
      if (token === AMBIGUOUS) return this._refuse(MESSAGES.invalid);
      let nonce;
      if (config.stateful) {
        const state = param(req, 'state');
        const pending = typeof state === 'string' ? cookies.finish(req, state) : null;
        if (pending === null) return this._refuse(MESSAGES.state);
        nonce = pending.nonce || pending.state;
      }
      return this._async(async () => {
        const payload = await checkToken(token);
        if (payload instanceof Error) return this._refuse(forError(payload));
        if (nonce !== undefined && !sameText(payload.nonce, nonce)) return this._refuse(MESSAGES.rejected);
        return this._signIn(req, payload, { exp: payload.exp });
      });
    }

    async _startCode(req) {
      const redirectUri = codeFlow.redirectUri(req);
      if (redirectUri === null) return this._refuse(MESSAGES.failed);
      const location = await codeFlow.start(req, redirectUri);
      if (location instanceof Error) return this._refuse(forError(location));
      return this._deliver(() => this.redirect(location));
    }

    async _finishCode(req) {
      const outcome = await codeFlow.finish(req);
      if (outcome.error) return this._refuse(outcome.error instanceof Error ? forError(outcome.error) : outcome.error);
      const { payload, tokens } = outcome;
      return this._signIn(req, payload, { exp: payload.exp, refreshToken: tokens.refresh_token, idToken: tokens.id_token, sub: payload.sub });
    }

    async _signIn(req, payload, token) {
      const outcome = await directory.resolve(payload);
      if (outcome.reason) return this._refuse(forReason(outcome.reason));
      const profile = directory.issue(outcome.user, token);
      // Node-RED's wrapper (editor-api auth/index.js) takes the profile as the argument before `done`, calls
      // our authenticate() through Users.authenticate, and creates the session.
      this._verify(profile, (err, user, info) => {
        if (err) return this._deliver(() => this.error(new Error(MESSAGES.failed)));
        if (!user) return this._refuse(MESSAGES.notAllowed);
        sessions.issued(user.username, user.tokens);
        const parsed = sessions.parseKey(user.username);
        if (parsed) cookies.rememberSession(req, { sid: parsed.sid, idToken: token.idToken || null }, SESSION_COOKIE_MS);
        return this._deliver(() => this.success(user, info));
      });
      return undefined;
    }

    async _logout(req) {
      const remembered = cookies.takeSession(req);
      if (remembered && typeof remembered.sid === 'string') sessions.endSession(remembered.sid);
      const home = editorURL(req, config.baseURL) || `${adminPrefix(req)}/`;
      let location = home;
      if (codeFlow !== null) {
        const idTokenHint = remembered && typeof remembered.idToken === 'string' ? remembered.idToken : null;
        location = (await codeFlow.endSessionUrl({ idTokenHint, postLogoutRedirectUri: home })) || home;
      }
      return this._deliver(() => this.redirect(location));
    }
  }

  return NodeRedJwtLoginStrategy;
}

module.exports = { createLoginStrategy, NAME };
