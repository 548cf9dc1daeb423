'use strict';
// Checks httpNode's options once, at Node-RED start-up: the factory's key and claim options (same names, same
// checks, same shared key set) plus where the token comes from, which paths need it, and the browser sign-in.

const { verifyOptions, requireAudience } = require('../node-red/config');
const { parseAllowUnsafe } = require('../node-red/safety');
const { checkKey } = require('../node-red/key-option');
const { fail, isPlainObject } = require('../node-red/config-error');
const { parseRules } = require('./rules');

const KNOWN = new Set([
  'secret', 'publicKey', 'jwksUri', 'discovery',
  'issuer', 'audience', 'algorithms', 'clockTolerance', 'maxAge', 'allowUnsafe',
  'usernameClaim', 'permissionsClaim', 'requireVerifiedEmail',
  'tokenHeader', 'cookie', 'paths', 'otherPaths',
  'clientId', 'clientSecret', 'scope', 'prompt', 'authorizationParams', 'baseURL',
]);
// RFC 7230 token characters: what a header or cookie name may be made of.
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function name(value, option, what) {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !HTTP_TOKEN.test(value)) fail(`httpNode ${option} must be ${what}`);
  return value;
}

function claimName(value, option, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') fail(`httpNode ${option} must be a non-empty string`);
  return value;
}

function optionalBoolean(value, option, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`httpNode ${option} must be true or false`);
  return value;
}

function checkBaseURL(value) {
  if (value === undefined) return null;
  let url;
  try {
    url = new URL(String(value));
  } catch {
    fail('httpNode baseURL must be the absolute URL of httpNodeRoot, such as "https://nodered.example.com/"');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('httpNode baseURL must be an http: or https: URL');
  if (url.search || url.hash) fail('httpNode baseURL must not have a query or a fragment');
  return url.href.replace(/\/$/, '');
}

// The browser sign-in: the same code + PKCE flow as the editor's (lib/node-red/code-flow.js).
function signIn(options, key) {
  const given = ['clientSecret', 'scope', 'prompt', 'authorizationParams', 'baseURL'].filter((n) => options[n] !== undefined);
  if (options.clientId === undefined) {
    if (given.length) fail(`httpNode ${given.join(', ')} need${given.length > 1 ? '' : 's'} clientId (the browser sign-in)`);
    return null;
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') fail('httpNode clientId must be a non-empty string');
  if (key.kind !== 'remote' || options.discovery !== true) fail('httpNode clientId needs issuer and discovery: true');
  const scope = options.scope === undefined ? 'openid profile email' : options.scope;
  if (typeof scope !== 'string' || !scope.split(/\s+/).includes('openid')) fail('httpNode scope must be a string that includes "openid"');
  if (options.clientSecret !== undefined && (typeof options.clientSecret !== 'string' || options.clientSecret === '')) {
    fail('httpNode clientSecret must be a non-empty string');
  }
  if (options.prompt !== undefined && typeof options.prompt !== 'string') fail('httpNode prompt must be a string');
  const params = options.authorizationParams === undefined ? {} : options.authorizationParams;
  if (!isPlainObject(params) || Object.values(params).some((v) => typeof v !== 'string')) {
    fail('httpNode authorizationParams must be an object of strings');
  }
  return {
    issuer: options.issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret === undefined ? null : options.clientSecret,
    scope,
    prompt: options.prompt === undefined ? null : options.prompt,
    authorizationParams: { ...params },
    baseURL: checkBaseURL(options.baseURL),
  };
}

/**
 * @param {object} options httpNode's options (see README, "Protect your flows' endpoints and the Dashboard")
 * @returns {object} the checked config; throws a TypeError with code ERR_NODE_RED_AUTH_JWT_CONFIG otherwise
 */
function parse(options) {
  if (!isPlainObject(options)) fail('httpNode needs an options object, e.g. httpNode({ jwksUri, issuer, audience })');
  const unknown = Object.keys(options).filter((n) => !KNOWN.has(n));
  if (unknown.length) fail(`httpNode: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (check the spelling; see the README)`);
  const key = checkKey(options);
  // The same safe defaults as the factory, with the same way out.
  const allowUnsafe = parseAllowUnsafe(options.allowUnsafe);
  const { verify, maxAgeMs } = verifyOptions(options, key.kind, allowUnsafe);
  const oidc = signIn(options, key);
  if (oidc !== null && verify.audience === undefined) verify.audience = oidc.clientId;
  requireAudience(key.kind, verify, allowUnsafe, 'your flows');
  const permissionsClaim = claimName(options.permissionsClaim, 'permissionsClaim', null);
  const tokenHeader = name(options.tokenHeader, 'tokenHeader', 'a header name such as "X-Auth-JWT"');
  return {
    key,
    verify,
    maxAgeMs,
    requireExp: !allowUnsafe.has('tokens-without-exp'),
    oidc,
    usernameClaim: claimName(options.usernameClaim, 'usernameClaim', 'sub'),
    permissionsClaim,
    requireVerifiedEmail: optionalBoolean(options.requireVerifiedEmail, 'requireVerifiedEmail', true),
    tokenHeader: tokenHeader === null ? null : tokenHeader.toLowerCase(),
    cookie: name(options.cookie, 'cookie', 'a cookie name (letters, digits, no spaces or separators)'),
    rules: parseRules(options.paths, options.otherPaths, permissionsClaim),
  };
}

module.exports = { parse };
