'use strict';
// The authorization code flow with PKCE for the editor's sign-in, from the provider's discovery document:
// where the browser is sent, what the callback must bring back, and how a session's token is renewed.

const crypto = require('crypto');
const { MESSAGES } = require('./messages');
const { editorURL } = require('./signin-cookies');
const { checkIdTokenClaims } = require('../oidc/id-token');
const { CODE } = require('../error-codes');

const hasOwn = Object.prototype.hasOwnProperty;

function randomText() {
  return crypto.randomBytes(32).toString('base64url');
}

function queryOrBody(req, name) {
  for (const container of [req.query, req.body]) {
    if (container && typeof container === 'object' && hasOwn.call(container, name)) {
      const value = container[name];
      return typeof value === 'string' && value !== '' ? value : undefined;
    }
  }
  return null;
}

/**
 * @param {{config: object, provider: object, cookies: object, checkIdToken: Function, directory: object}} context
 *   checkIdToken(token) resolves the verified payload (aud containing clientId) or an Error
 */
function createCodeFlow({ config, provider, cookies, checkIdToken, directory }) {
  const { clientId } = config.oidc;

  function redirectUri(req) {
    const base = editorURL(req, config.baseURL);
    return base === null ? null : `${base}auth/strategy/callback`;
  }

  /**
   * The provider's authorization URL for this browser, or an Error when the provider cannot be reached.
   * `extra` rides along in the sealed sign-in cookie and comes back from finish() as `pending`.
   */
  async function start(req, callback, extra = {}) {
    const found = await provider.metadata();
    if (found instanceof Error) return found;
    const verifier = randomText();
    const nonce = randomText();
    const pending = cookies.begin(req, { ...extra, nonce, verifier, redirectUri: callback });
    const codeChallenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    return provider.authorizationUrl(found, { redirectUri: callback, state: pending.state, nonce, codeChallenge });
  }

  /** The callback: {payload, tokens, pending} for a good sign-in, or {error: Error|message}. */
  async function finish(req) {
    const state = queryOrBody(req, 'state');
    const pending = cookies.finish(req, typeof state === 'string' ? state : undefined);
    if (queryOrBody(req, 'error') !== null) return { error: MESSAGES.cancelled };
    if (pending === null) return { error: MESSAGES.state };
    // RFC 9207: a provider that names itself in the callback must name the one we asked.
    const iss = queryOrBody(req, 'iss');
    if (iss !== null && iss !== config.oidc.issuer) return { error: MESSAGES.rejected };
    const code = queryOrBody(req, 'code');
    if (typeof code !== 'string') return { error: MESSAGES.invalid };
    const tokens = await provider.exchange({ code, redirectUri: pending.redirectUri, codeVerifier: pending.verifier });
    if (tokens instanceof Error) return { error: tokens };
    const payload = await checkIdToken(tokens.id_token);
    if (payload instanceof Error) return { error: payload };
    const wrong = checkIdTokenClaims(payload, { clientId, nonce: pending.nonce });
    if (wrong) return { error: wrong };
    return { payload, tokens, pending };
  }

  /**
   * Renews a session's token with its refresh token (sessions.js calls it before the token ends).
   * @returns {Promise<{endsAt: number, permissions: *}|{end: true}|{retry: true}>}
   */
  async function renew(record) {
    const tokens = await provider.refresh(record.refreshToken);
    if (tokens instanceof Error) return tokens.code === CODE.ERR_OIDC_REFUSED ? { end: true } : { retry: true };
    const payload = await checkIdToken(tokens.id_token);
    if (payload instanceof Error) return payload.code === CODE.ERR_JWKS_FETCH || payload.code === CODE.ERR_JWKS_TIMEOUT ? { retry: true } : { end: true };
    if (checkIdTokenClaims(payload, { clientId, sub: record.sub })) return { end: true };
    // Roles withdrawn, or the person removed from the allow-list, at the provider or in settings: the session ends.
    const outcome = await directory.resolve(payload);
    if (!outcome.user || outcome.user.username !== record.username) return { end: true };
    if (typeof tokens.refresh_token === 'string') record.refreshToken = tokens.refresh_token;
    record.idToken = tokens.id_token;
    return { endsAt: (payload.exp + (config.verify.clockTolerance || 0)) * 1000, permissions: outcome.user.permissions };
  }

  function endSessionUrl(options) {
    return provider.endSessionUrl(options);
  }

  return { redirectUri, start, finish, renew, endSessionUrl };
}

module.exports = { createCodeFlow };
