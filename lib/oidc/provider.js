'use strict';
// The relying-party side of OpenID Connect that needs the network: the provider's discovery document, the
// authorization request, the code exchange and the refresh at the token endpoint, and the RP-initiated logout
// URL. Tokens that come back are only parsed here; verifying them is the caller's job (id-token.js).

const { fetchBounded } = require('../remote-keys/bounded-fetch');
const { jwtError } = require('../errors');
const discovery = require('../remote-keys/discovery');
const { CODE } = require('../error-codes');

const TIMEOUT_MS = 5000;
const MAX_DOCUMENT_BYTES = 256 * 1024;
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
// A good document is kept this long; a failed fetch is retried no sooner than RETRY_MS, so a flood of sign-ins
// while the provider is down costs one request per interval, not one each.
const METADATA_MAX_AGE_MS = 10 * 60 * 1000;
const RETRY_MS = 2000;

function oidcError(message, code = CODE.ERR_OIDC_PROVIDER) {
  return jwtError(message, code);
}

function endpoint(document, name, required) {
  const value = document[name];
  if (value === undefined && !required) return null;
  if (typeof value !== 'string') throw oidcError(`the OpenID configuration has no "${name}"`, CODE.ERR_OIDC_DISCOVERY);
  try {
    return discovery.checkUrl(value, `the discovered ${name}`).href;
  } catch (err) {
    throw oidcError(err.message, CODE.ERR_OIDC_DISCOVERY);
  }
}

function parseMetadata(text, issuer) {
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    throw oidcError('the OpenID configuration is not valid JSON', CODE.ERR_OIDC_DISCOVERY);
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw oidcError('the OpenID configuration is not a JSON object', CODE.ERR_OIDC_DISCOVERY);
  }
  if (document.issuer !== issuer) {
    throw oidcError('the OpenID configuration names a different issuer than the one configured', CODE.ERR_OIDC_DISCOVERY);
  }
  const methods = document.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw oidcError('the provider does not support PKCE with S256', CODE.ERR_OIDC_DISCOVERY);
  }
  return Object.freeze({
    authorizationEndpoint: endpoint(document, 'authorization_endpoint', true),
    tokenEndpoint: endpoint(document, 'token_endpoint', true),
    endSessionEndpoint: endpoint(document, 'end_session_endpoint', false),
  });
}

/** RFC 6749 §2.3.1: client_secret_basic form-encodes the id and the secret before base64. */
function basicAuth(clientId, clientSecret) {
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString('base64')}`;
}

/**
 * @param {{issuer: string, clientId: string, clientSecret: string|null, scope: string, prompt: string|null,
 *   authorizationParams: object}} options checked by the factory's config
 */
function createProvider(options) {
  const { issuer, clientId, clientSecret } = options;
  const documentUrl = discovery.configurationUrl(issuer).href;
  let cached = null; // { metadata, fetchedAt }
  let inflight = null;
  let lastFailure = null; // { error, at }

  async function fetchMetadata() {
    const answer = await fetchBounded(documentUrl, {
      headers: { accept: 'application/json' }, timeout: TIMEOUT_MS, maxBytes: MAX_DOCUMENT_BYTES, what: 'the OpenID configuration endpoint',
    });
    if (answer instanceof Error) throw oidcError(`OpenID discovery failed: ${answer.message}`, CODE.ERR_OIDC_DISCOVERY);
    if (answer.status !== 200) throw oidcError(`OpenID discovery failed: HTTP ${answer.status}`, CODE.ERR_OIDC_DISCOVERY);
    return parseMetadata(answer.text, issuer);
  }

  /** The endpoints, or an Error (ERR_OIDC_DISCOVERY). Never rejects. */
  function metadata() {
    const now = Date.now();
    if (cached && now - cached.fetchedAt < METADATA_MAX_AGE_MS) return Promise.resolve(cached.metadata);
    if (inflight) return inflight;
    if (lastFailure && now - lastFailure.at < RETRY_MS) return Promise.resolve(cached ? cached.metadata : lastFailure.error);
    inflight = fetchMetadata().then(
      (found) => {
        cached = { metadata: found, fetchedAt: Date.now() };
        lastFailure = null;
        return found;
      },
      (err) => {
        lastFailure = { error: err, at: Date.now() };
        // A provider that is briefly down keeps working with the endpoints it last published.
        return cached ? cached.metadata : err;
      },
    ).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  function authorizationUrl(found, { redirectUri, state, nonce, codeChallenge }) {
    const url = new URL(found.authorizationEndpoint);
    const params = {
      ...options.authorizationParams,
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: options.scope,
      state,
      nonce,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    };
    if (options.prompt !== null) params.prompt = options.prompt;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.href;
  }

  async function tokenRequest(found, form) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const body = new URLSearchParams(form);
    if (clientSecret !== null) headers.authorization = basicAuth(clientId, clientSecret);
    else body.set('client_id', clientId);
    const answer = await fetchBounded(found.tokenEndpoint, {
      method: 'POST', headers, body: body.toString(), timeout: TIMEOUT_MS, maxBytes: MAX_TOKEN_RESPONSE_BYTES, what: 'the token endpoint',
    });
    if (answer instanceof Error) return oidcError(answer.message, CODE.ERR_OIDC_UNAVAILABLE);
    let json = null;
    try {
      json = JSON.parse(answer.text);
    } catch {
      // handled below
    }
    if (answer.status === 200 && json && typeof json === 'object' && typeof json.id_token === 'string') return json;
    if (answer.status === 400 || answer.status === 401) {
      // invalid_grant and friends: the provider said no (a used code, a revoked refresh token, a disabled user).
      const err = oidcError(`the token endpoint refused the request (HTTP ${answer.status})`, CODE.ERR_OIDC_REFUSED);
      return err;
    }
    if (answer.status === 200) return oidcError('the token endpoint answered without an ID token', CODE.ERR_OIDC_REFUSED);
    return oidcError(`the token endpoint answered HTTP ${answer.status}`, CODE.ERR_OIDC_UNAVAILABLE);
  }

  /** Exchanges an authorization code. Resolves the token response (with id_token) or an Error; never rejects. */
  async function exchange({ code, redirectUri, codeVerifier }) {
    const found = await metadata();
    if (found instanceof Error) return found;
    return tokenRequest(found, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier });
  }

  /** Uses a refresh token. Resolves the token response or an Error (ERR_OIDC_REFUSED when the provider said no). */
  async function refresh(refreshToken) {
    const found = await metadata();
    if (found instanceof Error) return found;
    return tokenRequest(found, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** The RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0), or null without end_session_endpoint. */
  async function endSessionUrl({ idTokenHint, postLogoutRedirectUri }) {
    const found = await metadata();
    if (found instanceof Error || found.endSessionEndpoint === null) return null;
    const url = new URL(found.endSessionEndpoint);
    if (idTokenHint) url.searchParams.set('id_token_hint', idTokenHint);
    url.searchParams.set('client_id', clientId);
    if (postLogoutRedirectUri) url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    return url.href;
  }

  return { metadata, authorizationUrl, exchange, refresh, endSessionUrl, clientId, issuer };
}

module.exports = { createProvider, parseMetadata };
