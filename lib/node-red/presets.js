'use strict';
// Reverse-proxy presets: the factory's `adminAuth` with one provider's facts filled in (key set, issuer,
// audience, algorithm, where the token travels, which claim names the user). Every fact is taken from the
// provider's own documentation; the README cites each source. Everything else is the factory's own options,
// passed through (users, permissionsClaim, roles, label, ...), and the factory checks them all.
//
// `issuer` and `jwksUri` may be overridden, e.g. to point a test at a local server; the factory still allows
// plain http only on loopback.

const { adminAuth } = require('./index');
const { configError } = require('./config');

// Options a preset decides itself: letting them through would silently replace the provider's key, or let a
// `?token=` link or another cookie choose the identity instead of the proxy.
const KEY_OPTIONS = ['secret', 'publicKey', 'discovery'];
const SOURCE_OPTIONS = ['tokenQueryParameter', 'cookie', 'tokenHeader'];

function fail(message) {
  throw configError(message);
}

function plain(options, preset) {
  if (!options || typeof options !== 'object' || Array.isArray(options)) fail(`${preset}() needs an options object`);
  for (const name of KEY_OPTIONS) {
    if (options[name] !== undefined) fail(`${preset}() sets the key itself; remove ${name}`);
  }
  for (const name of SOURCE_OPTIONS) {
    if (options[name] !== undefined) fail(`${preset}() reads the token only where the proxy puts it; remove ${name}`);
  }
  return options;
}

function requiredString(value, name, preset) {
  if (typeof value !== 'string' || value.trim() === '') fail(`${preset}() needs ${name}`);
  return value.trim();
}

function requiredAudience(value, preset, what) {
  const list = Array.isArray(value) ? value : [value];
  if (value === undefined || list.length === 0 || list.some((a) => typeof a !== 'string' || a === '')) {
    fail(`${preset}() needs audience: ${what}`);
  }
  return value;
}

/**
 * The factory's options from a preset's defaults and the caller's options; the caller wins for everything
 * except the key. Preset-only option names are removed first.
 */
function build(defaults, options, presetOnly) {
  const rest = { ...options };
  for (const name of presetOnly) delete rest[name];
  // Each proxy signs in the person itself and only then asserts their address (oauth2-proxy refuses unverified
  // addresses by default), so its tokens carry no email_verified to check.
  return adminAuth({ autoLogin: true, usernameClaim: 'email', requireVerifiedEmail: false, ...defaults, ...rest, tokenQueryParameter: false });
}

// ---- Cloudflare Access ------------------------------------------------------------------------------------
// https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/
// https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/application-token/

const TEAM_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** "myteam", "myteam.cloudflareaccess.com" or "https://myteam.cloudflareaccess.com" -> the team's origin. */
function teamOrigin(teamDomain) {
  const text = requiredString(teamDomain, 'teamDomain (your Zero Trust team name, e.g. "myteam")', 'cloudflareAccess')
    .replace(/^https:\/\//i, '')
    .replace(/\/+$/, '');
  const name = text.toLowerCase().endsWith('.cloudflareaccess.com') ? text.slice(0, -'.cloudflareaccess.com'.length) : text;
  if (!TEAM_NAME.test(name)) fail('cloudflareAccess() teamDomain must be a team name such as "myteam" or "myteam.cloudflareaccess.com"');
  return `https://${name.toLowerCase()}.cloudflareaccess.com`;
}

/**
 * Cloudflare Access: the token arrives as the `Cf-Access-Jwt-Assertion` header and, from browsers, the
 * `CF_Authorization` cookie; it is RS256, signed by the team's keys at `<team>/cdn-cgi/access/certs`, with
 * `iss` = the team domain and `aud` = the application's AUD tag.
 * @param {{teamDomain: string, audience: string|string[], issuer?: string, jwksUri?: string}} options
 *   plus any factory option (users, permissionsClaim, ...)
 */
function cloudflareAccess(options) {
  plain(options, 'cloudflareAccess');
  const issuer = options.issuer !== undefined ? options.issuer : teamOrigin(options.teamDomain);
  const audience = requiredAudience(options.audience, 'cloudflareAccess', "the Application Audience (AUD) tag from the Access application's overview");
  return build({
    issuer,
    jwksUri: `${String(issuer).replace(/\/+$/, '')}/cdn-cgi/access/certs`,
    audience,
    algorithms: ['RS256'],
    tokenHeader: 'cf-access-jwt-assertion',
    cookie: 'CF_Authorization',
    label: 'Sign in with Cloudflare Access',
    icon: 'fa-cloud',
  }, options, ['teamDomain']);
}

// ---- Google Cloud IAP ----------------------------------------------------------------------------------
// https://cloud.google.com/iap/docs/signed-headers-howto

/**
 * Google Cloud Identity-Aware Proxy: the token is the `x-goog-iap-jwt-assertion` header, ES256, keys at
 * https://www.gstatic.com/iap/verify/public_key-jwk, `iss` = https://cloud.google.com/iap, `aud` =
 * `/projects/PROJECT_NUMBER/apps/PROJECT_ID` (App Engine) or
 * `/projects/PROJECT_NUMBER/global/backendServices/SERVICE_ID` (Compute Engine, GKE). Google allows 30 s of
 * clock skew, so clockTolerance defaults to 30.
 * @param {{audience: string|string[], issuer?: string, jwksUri?: string}} options plus any factory option
 */
function googleIap(options) {
  plain(options, 'googleIap');
  const audience = requiredAudience(options.audience, 'googleIap',
    '"/projects/PROJECT_NUMBER/apps/PROJECT_ID" or "/projects/PROJECT_NUMBER/global/backendServices/SERVICE_ID"');
  return build({
    issuer: 'https://cloud.google.com/iap',
    jwksUri: 'https://www.gstatic.com/iap/verify/public_key-jwk',
    audience,
    algorithms: ['ES256'],
    clockTolerance: 30,
    tokenHeader: 'x-goog-iap-jwt-assertion',
    label: 'Sign in with Google',
    icon: 'fa-google',
  }, options, []);
}

// ---- Pomerium ------------------------------------------------------------------------------------------
// https://www.pomerium.com/docs/capabilities/getting-users-identity

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/**
 * Pomerium: the token is the `X-Pomerium-Jwt-Assertion` header (route option pass_identity_headers), ES256;
 * since Pomerium 0.22 both `aud` and `iss` are the route's domain, and the keys are published at
 * `https://<domain>/.well-known/pomerium/jwks.json`. Older Pomerium set `iss` to the authenticate service's
 * domain: give `issuer` then.
 * @param {{domain: string, issuer?: string, audience?: string, jwksUri?: string}} options plus any factory option
 */
function pomerium(options) {
  plain(options, 'pomerium');
  const domain = requiredString(options.domain, 'domain (the external host name of Node-RED\'s route, e.g. "nodered.corp.example.com")', 'pomerium')
    .replace(/^https:\/\//i, '')
    .replace(/\/+$/, '');
  if (!HOSTNAME.test(domain)) fail('pomerium() domain must be a host name such as "nodered.corp.example.com"');
  return build({
    issuer: domain,
    audience: domain,
    jwksUri: `https://${domain}/.well-known/pomerium/jwks.json`,
    algorithms: ['ES256'],
    tokenHeader: 'x-pomerium-jwt-assertion',
    label: 'Sign in with Pomerium',
    icon: 'fa-shield',
  }, options, ['domain']);
}

// ---- oauth2-proxy --------------------------------------------------------------------------------------
// https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview (--pass-authorization-header,
// --pass-access-token)

const OAUTH2_PROXY_HEADERS = {
  // --pass-authorization-header: the OIDC ID token as "Authorization: Bearer <token>".
  authorization: undefined,
  // --pass-access-token: the access token as "X-Forwarded-Access-Token: <token>".
  'x-forwarded-access-token': 'x-forwarded-access-token',
};

/**
 * oauth2-proxy: verifies the token oauth2-proxy forwards, through the issuer's OIDC discovery. By default the
 * ID token from `--pass-authorization-header` (Authorization: Bearer; its `aud` is the client ID); with
 * `header: "x-forwarded-access-token"` the access token from `--pass-access-token` (the provider must issue
 * JWT access tokens; set `audience` to what they carry).
 * @param {{issuer: string, audience: string|string[], header?: string, jwksUri?: string}} options plus any factory option
 */
function oauth2Proxy(options) {
  plain(options, 'oauth2Proxy');
  const issuer = requiredString(options.issuer, 'issuer (your identity provider\'s issuer URL)', 'oauth2Proxy');
  const audience = requiredAudience(options.audience, 'oauth2Proxy', 'the OAuth client ID of oauth2-proxy (the ID token\'s aud)');
  const header = options.header === undefined ? 'authorization' : String(options.header).toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(OAUTH2_PROXY_HEADERS, header)) {
    fail('oauth2Proxy() header must be "authorization" (--pass-authorization-header) or "x-forwarded-access-token" (--pass-access-token)');
  }
  const defaults = {
    issuer,
    audience,
    label: 'Sign in',
    icon: 'fa-sign-in',
  };
  // The key set comes from the issuer's discovery document, unless a jwksUri is given.
  if (options.jwksUri === undefined) defaults.discovery = true;
  if (OAUTH2_PROXY_HEADERS[header] !== undefined) defaults.tokenHeader = OAUTH2_PROXY_HEADERS[header];
  return build(defaults, options, ['header']);
}

module.exports = { cloudflareAccess, googleIap, pomerium, oauth2Proxy };
