'use strict';
// Checks the factory's options once, at Node-RED start-up, and turns them into one plain config object.
// Every mistake is a thrown error that says what to set: a settings.js typo must never weaken sign-in silently.

const ms = require('ms');
const permissions = require('./permissions');
const { configError, fail, isPlainObject, ERR_CONFIG } = require('./config-error');
const { checkKey } = require('./key-option');
const { parseAllowUnsafe, checkClockTolerance } = require('./safety');

const KNOWN = new Set([
  'secret', 'publicKey', 'jwksUri', 'discovery',
  'issuer', 'audience', 'algorithms', 'clockTolerance', 'maxAge',
  'users', 'usernameClaim', 'permissionsClaim', 'roles',
  'label', 'icon', 'autoLogin',
  'loginURL', 'baseURL', 'tokenQueryParameter', 'callbackMethod', 'cookie', 'tokenHeader',
  'apiTokens', 'sessionExpiryTime', 'sessionEndsWithToken', 'guard', 'allowUnsafe',
  'clientId', 'clientSecret', 'scope', 'prompt', 'authorizationParams', 'requireVerifiedEmail',
]);

// Authorization parameters the code flow sets itself; authorizationParams may not change them.
const RESERVED_PARAMS = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt']);

const HMAC = /^HS(256|384|512)$/;
const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
// RFC 7230 token characters: what a header or cookie name may be made of.
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const QUERY_NAME = /^[A-Za-z0-9_.~-]+$/;

function validPermissions(value, where) {
  const valid = permissions.requireValid(value);
  if (valid === null) {
    fail(`${where} must be a Node-RED permission ("*", "read", "write", "flows.read", ...) or a non-empty array of them`);
  }
  return valid;
}

function warn(message) {
  console.warn(`[node-red-auth-jwt] ${message}`);
}

function nonEmptyString(value, name) {
  if (typeof value !== 'string' || value.trim() === '') fail(`${name} must be a non-empty string`);
  return value;
}

function optionalBoolean(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`${name} must be true or false`);
  return value;
}

function stringList(value, name) {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) {
    fail(`${name} must be a non-empty string or an array of them`);
  }
  return list;
}

// ---- what a valid token must say ------------------------------------------------------------------------

function checkAlgorithms(value, keyKind) {
  if (value === undefined) return keyKind === 'secret' ? ['HS256', 'HS384', 'HS512'] : undefined;
  const list = stringList(value, 'algorithms');
  if (list.some((a) => a.toLowerCase() === 'none')) fail('algorithms must not contain "none": unsigned tokens are never accepted');
  const unknown = list.filter((a) => !ALGORITHMS.includes(a));
  if (unknown.length) fail(`algorithms: unknown ${unknown.join(', ')} (known: ${ALGORITHMS.join(', ')}; names are case-sensitive)`);
  const hmac = list.filter((a) => HMAC.test(a));
  if (keyKind === 'secret' && hmac.length !== list.length) {
    fail(`algorithms ${list.filter((a) => !HMAC.test(a)).join(', ')} need a public key, not secret (a secret verifies HS256/HS384/HS512)`);
  }
  if (keyKind !== 'secret' && hmac.length > 0) fail(`algorithms ${hmac.join(', ')} need secret, not a public key`);
  return list;
}

function checkMaxAge(value) {
  if (value === undefined) return { maxAge: undefined, maxAgeMs: undefined };
  const span = typeof value === 'string' ? ms(value) : typeof value === 'number' ? value * 1000 : undefined;
  if (typeof span !== 'number' || !Number.isFinite(span) || span <= 0) {
    fail('maxAge must be a number of seconds or a time span such as "12h"');
  }
  return { maxAge: value, maxAgeMs: span };
}

function checkAudience(value) {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((a) => !(a instanceof RegExp) && (typeof a !== 'string' || a === ''))) {
    fail('audience must be a string, a RegExp or an array of them');
  }
  return value;
}

function verifyOptions(options, keyKind, allowUnsafe) {
  const out = { algorithms: checkAlgorithms(options.algorithms, keyKind) };
  if (out.algorithms === undefined) delete out.algorithms;
  if (options.issuer !== undefined) out.issuer = stringList(options.issuer, 'issuer');
  const audience = checkAudience(options.audience);
  if (audience !== undefined) out.audience = audience;
  if (options.clockTolerance !== undefined) {
    const t = options.clockTolerance;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) fail('clockTolerance must be a number of seconds, 0 or more');
    checkClockTolerance(t, allowUnsafe);
    out.clockTolerance = t;
  }
  const { maxAge, maxAgeMs } = checkMaxAge(options.maxAge);
  if (maxAge !== undefined) out.maxAge = maxAge;
  return { verify: out, maxAgeMs };
}

// ---- who may sign in ------------------------------------------------------------------------------------

function checkUserList(list, hasClaim) {
  const entries = Array.isArray(list) ? list : [list];
  const byName = new Map();
  entries.forEach((entry, i) => {
    const where = `users[${i}]`;
    if (!isPlainObject(entry)) fail(`${where} must be an object {username, permissions}`);
    const username = nonEmptyString(entry.username, `${where}.username`);
    if (byName.has(username)) fail(`${where}: username "${username}" is listed twice`);
    const user = { username };
    if (entry.permissions !== undefined) {
      user.permissions = validPermissions(entry.permissions, `${where}.permissions (${username})`);
    } else if (!hasClaim) {
      fail(`${where} (${username}) has no permissions: give it permissions, or set permissionsClaim`);
    }
    if (typeof entry.image === 'string') user.image = entry.image;
    byName.set(username, Object.freeze(user));
  });
  return { kind: 'list', byName };
}

function checkRoles(roles) {
  const source = roles instanceof Map ? [...roles.entries()] : isPlainObject(roles) ? Object.entries(roles) : null;
  if (!source || source.length === 0) fail('roles must map role names to Node-RED permissions, e.g. {admins: "*", viewers: "read"}');
  const map = new Map();
  for (const [name, value] of source) map.set(name, Object.freeze(validPermissions(value, `roles["${name}"]`)));
  return map;
}

function claimName(value, name, fallback) {
  if (value === undefined) return fallback;
  return nonEmptyString(value, name);
}

function who(options) {
  const hasUsers = options.users !== undefined && options.users !== null;
  const permissionsClaim = claimName(options.permissionsClaim, 'permissionsClaim', null);
  if (!hasUsers && !permissionsClaim) {
    fail('say who may sign in: set users (an allow-list [{username, permissions}] or a function) ' +
      'or permissionsClaim (the token claim that holds Node-RED permissions)');
  }
  let users = null;
  if (typeof options.users === 'function') users = { kind: 'function', fn: options.users };
  else if (hasUsers) {
    if (!Array.isArray(options.users) && !isPlainObject(options.users)) fail('users must be an array of {username, permissions} or a function');
    if (Array.isArray(options.users) && options.users.length === 0) fail('users is empty: nobody could sign in');
    users = checkUserList(options.users, Boolean(permissionsClaim));
  }
  let roles = null;
  if (options.roles !== undefined) {
    if (!permissionsClaim) fail('roles needs permissionsClaim: the claim whose values are looked up in roles');
    roles = checkRoles(options.roles);
  }
  return {
    users,
    usernameClaim: claimName(options.usernameClaim, 'usernameClaim', 'sub'),
    permissionsClaim,
    roles,
  };
}

// ---- editor sign-in -------------------------------------------------------------------------------------

function checkBaseURL(value) {
  let url;
  try {
    url = new URL(nonEmptyString(value, 'baseURL'));
  } catch (err) {
    if (err.code === ERR_CONFIG) throw err;
    fail('baseURL must be an absolute URL such as "https://nodered.example.com/"');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('baseURL must be an http: or https: URL');
  if (url.search || url.hash) fail('baseURL must not have a query or a fragment');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function checkLoginURL(value) {
  const template = nonEmptyString(value, 'loginURL');
  let url;
  try {
    url = new URL(template.replaceAll('{redirect}', 'r').replaceAll('{state}', 's').replaceAll('{nonce}', 'n'), 'http://relative.invalid/');
  } catch {
    fail('loginURL must be a URL (absolute, or a path on this host)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('loginURL must be an http: or https: URL');
  const stateful = template.includes('{state}');
  const loginNonce = template.includes('{nonce}');
  if (loginNonce && !stateful) fail('loginURL uses {nonce} without {state}: add &state={state}, which binds the sign-in to the browser');
  if (!stateful) {
    warn('loginURL has no {state}: anyone can sign a visitor in as someone else (login CSRF). ' +
      'Add &state={state}&nonce={nonce} if your provider sends them back.');
  }
  return {
    loginURL: template,
    stateful,
    loginNonce,
  };
}

function editor(options) {
  const baseURL = options.baseURL === undefined ? null : checkBaseURL(options.baseURL);
  if (options.clientId !== undefined && options.loginURL !== undefined) {
    fail('set clientId (the code flow, endpoints from discovery) or loginURL (a hand-written provider URL), not both');
  }
  const login = options.loginURL === undefined ? { loginURL: null, stateful: false, loginNonce: false } : checkLoginURL(options.loginURL);
  let callbackMethod = 'GET';
  if (options.callbackMethod !== undefined) {
    if (typeof options.callbackMethod !== 'string' || !/^(get|post)$/i.test(options.callbackMethod)) fail('callbackMethod must be "GET" or "POST"');
    callbackMethod = options.callbackMethod.toUpperCase();
  }
  // false: no token from the query or a form body, only from the header or cookie a proxy sets (the presets).
  let tokenQueryParameter = null;
  if (options.tokenQueryParameter === false && login.loginURL !== null) {
    fail('tokenQueryParameter: false leaves no way for loginURL\'s provider to hand the token back; remove one of them');
  }
  if (options.tokenQueryParameter !== false) {
    tokenQueryParameter = options.tokenQueryParameter === undefined ? 'token' : nonEmptyString(options.tokenQueryParameter, 'tokenQueryParameter');
    if (!QUERY_NAME.test(tokenQueryParameter)) fail('tokenQueryParameter may hold only letters, digits and "_.~-"');
  }
  let cookie = null;
  if (options.cookie !== undefined) {
    cookie = nonEmptyString(options.cookie, 'cookie');
    if (!HTTP_TOKEN.test(cookie)) fail('cookie must be a cookie name (letters, digits, no spaces or separators)');
  }
  let tokenHeader = null;
  if (options.tokenHeader !== undefined) {
    tokenHeader = nonEmptyString(options.tokenHeader, 'tokenHeader');
    if (!HTTP_TOKEN.test(tokenHeader)) fail('tokenHeader must be a header name such as "X-Auth-JWT"');
    tokenHeader = tokenHeader.toLowerCase();
  }
  const label = options.label === undefined ? 'Sign in with JWT' : nonEmptyString(options.label, 'label');
  const icon = options.icon === undefined ? 'fa-key' : nonEmptyString(options.icon, 'icon');
  return {
    label,
    icon,
    autoLogin: optionalBoolean(options.autoLogin, 'autoLogin', false),
    baseURL,
    ...login,
    callbackMethod,
    tokenQueryParameter,
    cookie,
    tokenHeader,
  };
}

function api(options) {
  let sessionExpiryTime = null;
  if (options.sessionExpiryTime !== undefined) {
    const s = options.sessionExpiryTime;
    if (!Number.isSafeInteger(s) || s <= 0) fail('sessionExpiryTime must be a whole number of seconds, more than 0');
    sessionExpiryTime = s;
  }
  return {
    apiTokens: optionalBoolean(options.apiTokens, 'apiTokens', true),
    sessionExpiryTime,
    guard: optionalBoolean(options.guard, 'guard', true),
  };
}

// ---- the provider's own sign-in: authorization code + PKCE ---------------------------------------------

function oidc(options, keyKind) {
  const given = ['clientSecret', 'scope', 'prompt', 'authorizationParams'].filter((n) => options[n] !== undefined);
  if (options.clientId === undefined) {
    if (given.length) fail(`${given.join(', ')} need${given.length > 1 ? '' : 's'} clientId (the provider's sign-in with the code flow)`);
    return null;
  }
  const clientId = nonEmptyString(options.clientId, 'clientId');
  if (keyKind !== 'remote' || options.discovery !== true) {
    fail('clientId needs issuer and discovery: true (the sign-in endpoints come from <issuer>/.well-known/openid-configuration)');
  }
  const clientSecret = options.clientSecret === undefined ? null : nonEmptyString(options.clientSecret, 'clientSecret');
  const scope = options.scope === undefined ? 'openid profile email' : nonEmptyString(options.scope, 'scope');
  if (!scope.split(/\s+/).includes('openid')) fail('scope must include "openid" (the provider returns an ID token only then)');
  const prompt = options.prompt === undefined ? null : nonEmptyString(options.prompt, 'prompt');
  const authorizationParams = {};
  if (options.authorizationParams !== undefined) {
    if (!isPlainObject(options.authorizationParams)) fail('authorizationParams must be an object of strings');
    for (const [name, value] of Object.entries(options.authorizationParams)) {
      if (typeof value !== 'string') fail(`authorizationParams.${name} must be a string`);
      if (RESERVED_PARAMS.has(name)) fail(`authorizationParams may not set ${name}: the sign-in sets it (use the scope or prompt option where there is one)`);
      authorizationParams[name] = value;
    }
  }
  if (options.callbackMethod !== undefined && String(options.callbackMethod).toUpperCase() !== 'GET') {
    fail('callbackMethod must be GET with clientId: the provider sends the code back with a GET');
  }
  return { issuer: options.issuer, clientId, clientSecret, scope, prompt, authorizationParams };
}

/** A provider signs tokens for all its applications: with a remote key, only an audience keeps theirs out. */
function requireAudience(keyKind, verify, allowUnsafe, what = 'Node-RED') {
  const anyAudience = allowUnsafe.has('any-audience');
  if (keyKind === 'remote' && verify.audience === undefined && !anyAudience) {
    fail('with jwksUri or discovery, set audience (or clientId): a provider signs tokens for all its applications, ' +
      `and without an audience any of them would open ${what}. For a proxy that signs without "aud", add "any-audience" to allowUnsafe`);
  }
  if (anyAudience && verify.audience !== undefined) fail('allowUnsafe "any-audience" and audience contradict each other; keep one');
}

function hygiene(options, keyKind, verify, allowUnsafe) {
  requireAudience(keyKind, verify, allowUnsafe);
  return {
    requireVerifiedEmail: optionalBoolean(options.requireVerifiedEmail, 'requireVerifiedEmail', true),
    sessionEndsWithToken: optionalBoolean(options.sessionEndsWithToken, 'sessionEndsWithToken', true),
  };
}

/**
 * @param {object} options the factory's options (see README)
 * @returns {object} the checked config; throws a TypeError with code ERR_NODE_RED_AUTH_JWT_CONFIG otherwise
 */
function parse(options) {
  if (!isPlainObject(options)) fail('call it with an options object, e.g. require("node-red-auth-jwt")({ publicKey, users })');
  const unknown = Object.keys(options).filter((name) => !KNOWN.has(name));
  if (unknown.length) fail(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (check the spelling; see the README)`);
  const allowUnsafe = parseAllowUnsafe(options.allowUnsafe);
  const key = checkKey(options);
  const { verify, maxAgeMs } = verifyOptions(options, key.kind, allowUnsafe);
  const requireExp = !allowUnsafe.has('tokens-without-exp');
  const code = oidc(options, key.kind);
  // The ID tokens of the code flow are addressed to the client; with no other audience given, so are API tokens.
  if (code !== null && verify.audience === undefined) verify.audience = code.clientId;
  return {
    key, verify, maxAgeMs, requireExp, allowUnsafe, oidc: code,
    ...hygiene(options, key.kind, verify, allowUnsafe), ...who(options), ...editor(options), ...api(options),
  };
}

module.exports = { parse, verifyOptions, requireAudience, configError, ERR_CONFIG };
