'use strict';
// The Passport strategy behind the editor's "Sign in" button (Node-RED's `adminAuth.strategy`).
//
// GET <admin>/auth/strategy and <admin>/auth/strategy/callback both land here. A request that brings a token
// is verified and mapped to a Node-RED user; one that brings none is sent to `loginURL` (the identity
// provider), which comes back to the callback with a token. Node-RED's own verify wrapper then creates the
// editor session. Failures use fixed texts only (messages.js): Node-RED shows them in the login dialog.

const crypto = require('crypto');
const PassportStrategy = require('passport-strategy');
const cookie = require('cookie');
const authHeader = require('../auth_header');
const { MESSAGES, forError, forReason } = require('./messages');

const NAME = 'jwt';
const STATE_KEY = 'nodeRedAuthJwtStates';
const STATE_PARAM = 'state';
const STATE_TTL_MS = 10 * 60 * 1000;
// Sign-ins started in several tabs each keep their own state; more than this many pending is not a person.
const MAX_PENDING_STATES = 5;
const hasOwn = Object.prototype.hasOwnProperty;

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

function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Builds the strategy class for one factory call. Node-RED constructs it itself
 * (`new strategy.strategy(options, verify)`), so the configuration travels in this closure.
 * @param {{config: object, checkToken: Function, directory: object}} context
 */
function createLoginStrategy({ config, checkToken, directory }) {
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

  function isCallback(req) {
    const path = typeof req.path === 'string' ? req.path : String(req.url || '').split('?')[0];
    return /\/callback\/?$/.test(path);
  }

  // One-time: a matching state is removed, and so are expired ones.
  function consumeState(req) {
    const given = single(queryOf(req), STATE_PARAM) ?? single(req.body, STATE_PARAM);
    const session = req.session;
    if (typeof given !== 'string' || !session || !Array.isArray(session[STATE_KEY])) return false;
    const now = Date.now();
    let matched = false;
    const keep = [];
    for (const pending of session[STATE_KEY]) {
      if (!pending || typeof pending.value !== 'string' || !(pending.expires > now)) continue;
      if (!matched && safeEqual(pending.value, given)) matched = true;
      else keep.push(pending);
    }
    if (keep.length) session[STATE_KEY] = keep;
    else delete session[STATE_KEY];
    return matched;
  }

  function newState(req) {
    const now = Date.now();
    const state = crypto.randomBytes(24).toString('base64url');
    const pending = Array.isArray(req.session[STATE_KEY]) ? req.session[STATE_KEY].filter((p) => p && p.expires > now) : [];
    pending.push({ value: state, expires: now + STATE_TTL_MS });
    req.session[STATE_KEY] = pending.slice(-MAX_PENDING_STATES);
    return state;
  }

  function loginLocation(req) {
    let url = config.loginURL;
    if (config.callbackURL !== null) url = url.replaceAll('{redirect}', encodeURIComponent(config.callbackURL));
    if (config.stateful) url = url.replaceAll('{state}', newState(req));
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

    _begin(req) {
      const token = extract(req);
      if (token === null) {
        // A provider that comes back without a token (an error, a cancel) must not be sent round again:
        // that would loop with autoLogin.
        if (config.loginURL !== null && !isCallback(req)) {
          if (config.stateful && !req.session) return this._refuse(MESSAGES.failed);
          return this.redirect(loginLocation(req));
        }
        return this._refuse(MESSAGES.noToken);
      }
      if (token === AMBIGUOUS) return this._refuse(MESSAGES.invalid);
      if (config.stateful && !consumeState(req)) return this._refuse(MESSAGES.state);
      Promise.resolve(checkToken(token))
        .then((payload) => (payload instanceof Error ? { error: payload } : directory.resolve(payload)))
        .then((outcome) => this._complete(outcome))
        .catch(() => this._deliver(() => this.error(new Error(MESSAGES.failed))));
      return undefined;
    }

    _complete(outcome) {
      if (outcome.error) return this._refuse(forError(outcome.error));
      if (outcome.reason) return this._refuse(forReason(outcome.reason));
      const profile = directory.issue(outcome.user);
      // Node-RED's wrapper (editor-api auth/index.js) takes the profile as the argument before `done`, calls
      // our authenticate() through Users.authenticate, and creates the session.
      this._verify(profile, (err, user, info) => {
        if (err) return this._deliver(() => this.error(new Error(MESSAGES.failed)));
        if (!user) return this._refuse(MESSAGES.notAllowed);
        return this._deliver(() => this.success(user, info));
      });
      return undefined;
    }
  }

  return NodeRedJwtLoginStrategy;
}

module.exports = { createLoginStrategy, NAME, STATE_KEY };
