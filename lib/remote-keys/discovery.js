'use strict';
// OpenID Connect discovery, without the network: where the configuration document lives, and what in it we trust.
// The fetch itself is done by jwks.js, the only network code.

const { jwtError } = require('../errors');
const { CODE } = require('../error-codes');

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname) {
  // WHATWG URL parsing already turned every IPv4 spelling (0x7f.1, 2130706433, ...) into dotted decimal.
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Parses a key-set or issuer URL and applies the transport rule: https only, plain http only on loopback,
 * where nobody else can read or change the traffic. Returns the URL or throws a TypeError saying what is wrong.
 */
function checkUrl(text, name) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    throw new TypeError(`${name} must be an absolute URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new TypeError(`${name} must be an https: URL (plain http: is only allowed on loopback)`);
}

/** `<issuer>/.well-known/openid-configuration`; a trailing "/" of the issuer is dropped first (OIDC Discovery §4). */
function configurationUrl(issuer) {
  const base = String(issuer).replace(/\/$/, '');
  return checkUrl(`${base}/.well-known/openid-configuration`, 'issuer');
}

function discoveryError(message) {
  return jwtError(message, CODE.ERR_OIDC_DISCOVERY);
}

/**
 * Takes `jwks_uri` from a parsed configuration document. The document must name exactly the configured issuer
 * (OIDC Discovery §4.3), so a document served from the wrong place cannot hand us someone else's keys.
 * Returns the URL string or an Error; never throws.
 */
function jwksUriFrom(document, issuer) {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return discoveryError('the OpenID configuration is not a JSON object');
  }
  if (document.issuer !== issuer) {
    return discoveryError('the OpenID configuration names a different issuer than the one configured');
  }
  if (typeof document.jwks_uri !== 'string') {
    return discoveryError('the OpenID configuration has no "jwks_uri"');
  }
  try {
    return checkUrl(document.jwks_uri, 'the discovered jwks_uri').href;
  } catch (err) {
    return discoveryError(err.message);
  }
}

module.exports = { checkUrl, configurationUrl, jwksUriFrom, isLoopback };
