'use strict';
// passport-jwt 4.0.1's token extractors, with their exact parsing, plus `fromCookie`.
// Each factory returns `function (request) -> token | null`; the strategy calls it with `this` = the strategy.

const querystring = require('querystring');
const url = require('url');
const cookie = require('cookie');
const authHeader = require('./auth-header');

const hasOwn = Object.prototype.hasOwnProperty;

// Node lowercases incoming header names, so the lookups below use lowercase keys, as passport-jwt does.
const AUTH_HEADER = 'authorization';
const BEARER_SCHEME = 'bearer';
const LEGACY_SCHEME = 'JWT';
const LEGACY_FIELD = 'auth_token';

const SLASH = 47;
const BACKSLASH = 92;
const NO_QUERY = Object.freeze(Object.create(null));
// What url.parse trims (controls, whitespace, NBSP, BOM) or what sends it down its slow path (whitespace,
// `#`: auto-escaping and format()) is left to url.parse itself.
const NOT_A_SIMPLE_PATH = /[\x00-\x1f\s#]/;

/**
 * The query object of `url.parse(requestUrl, true)`. url.parse is deprecated (DEP0169) and slow, so the
 * ordinary request path, such as `/auth/strategy/callback?token=...`, is handled here: exactly the URLs for
 * which url.parse itself takes its "simple path" shortcut and returns `querystring.parse(<text after the first
 * ?>)`. That is: starts with one `/` (a second `/` or `\` would start a host), no whitespace or control
 * character, no `#`, no `@` before the query. So `+` is a space, escapes are decoded the same way, and a
 * repeated name gives an array. Everything else (a url.Url object, an absolute URL, a non-string, the rare
 * path url.parse treats specially) goes to url.parse itself, so its results and errors stay exactly the same.
 */
function queryOf(requestUrl) {
  if (
    typeof requestUrl !== 'string' ||
    requestUrl.charCodeAt(0) !== SLASH ||
    requestUrl.charCodeAt(1) === SLASH ||
    requestUrl.charCodeAt(1) === BACKSLASH ||
    NOT_A_SIMPLE_PATH.test(requestUrl)
  ) {
    return slowQueryOf(requestUrl);
  }
  const question = requestUrl.indexOf('?');
  const at = requestUrl.indexOf('@');
  if (at !== -1 && (question === -1 || at < question)) return slowQueryOf(requestUrl);
  if (question === -1) return NO_QUERY;
  return querystring.parse(requestUrl.slice(question + 1));
}

/**
 * url.parse's query. A request line such as `GET http://[::1/?token=x` reaches `req.url` as is, and url.parse
 * throws ERR_INVALID_URL for it; in passport-jwt that throw escapes `authenticate` (an Express 500 instead of a
 * 401). A URL that cannot be parsed has no query to read. Its other throws stay (a non-string url, a lone
 * surrogate): a caller's mistake, not something Node's HTTP parser hands over.
 */
function slowQueryOf(requestUrl) {
  try {
    return url.parse(requestUrl, true).query;
  } catch (err) {
    if (err && err.code === 'ERR_INVALID_URL') return NO_QUERY;
    throw err;
  }
}

function fromHeader(headerName) {
  return function (request) {
    const value = request.headers[headerName];
    return value ? value : null;
  };
}

function fromBodyField(fieldName) {
  return function (request) {
    const body = request.body;
    // Own properties only: ignores inherited names such as `toString`, and works on null-prototype objects.
    if (body && hasOwn.call(body, fieldName)) return body[fieldName];
    return null;
  };
}

function fromUrlQueryParameter(paramName) {
  return function (request) {
    const query = queryOf(request.url);
    if (query && hasOwn.call(query, paramName)) return query[paramName];
    return null;
  };
}

function fromAuthHeaderWithScheme(authScheme) {
  // Lowercased once here, so a non-string scheme is a TypeError at configuration time.
  const wanted = authScheme.toLowerCase();
  return function (request) {
    const value = request.headers[AUTH_HEADER];
    if (!value) return null;
    const parts = authHeader.parse(value);
    if (parts !== null && parts.scheme.toLowerCase() === wanted) return parts.value;
    return null;
  };
}

function fromAuthHeaderAsBearerToken() {
  return fromAuthHeaderWithScheme(BEARER_SCHEME);
}

function fromExtractors(extractors) {
  if (!Array.isArray(extractors)) {
    throw new TypeError('extractors.fromExtractors expects an array');
  }
  return function (request) {
    // Like passport-jwt: the first truthy result wins; otherwise the last extractor's result (null if none ran).
    let token = null;
    for (let i = 0; !token && i < extractors.length; i++) {
      token = extractors[i].call(this, request);
    }
    return token;
  };
}

/** passport-jwt 1.x's lookup order: the Authorization header with `authScheme`, then a body field, then a query parameter. */
function versionOneCompatibility(options) {
  const fromScheme = fromAuthHeaderWithScheme(options.authScheme || LEGACY_SCHEME);
  const fromBody = fromBodyField(options.tokenBodyField || LEGACY_FIELD);
  const fromQuery = fromUrlQueryParameter(options.tokenQueryParameterName || LEGACY_FIELD);
  return function (request) {
    let token = fromScheme(request);
    if (!token) token = fromBody(request);
    if (!token) token = fromQuery(request);
    return token;
  };
}

/**
 * Not in passport-jwt: the token from a cookie. `req.cookies` (cookie-parser) is used when it holds the
 * cookie; otherwise the Cookie header is parsed with the `cookie` package (the one Express uses), so no
 * middleware is needed. As with the other extractors, an empty value counts as no token.
 */
function fromCookie(cookieName) {
  if (typeof cookieName !== 'string' || cookieName === '') {
    throw new TypeError('ExtractJwt.fromCookie expects a cookie name');
  }
  return function (request) {
    const jar = request.cookies;
    if (jar && typeof jar === 'object' && hasOwn.call(jar, cookieName) && jar[cookieName]) return jar[cookieName];
    const header = request.headers.cookie;
    // Cookie names are not decoded, so a header that does not contain the name cannot hold the cookie.
    if (typeof header !== 'string' || header.indexOf(cookieName) === -1) return null;
    const value = cookie.parse(header)[cookieName];
    return value ? value : null;
  };
}

module.exports = {
  fromHeader,
  fromBodyField,
  fromUrlQueryParameter,
  fromAuthHeaderWithScheme,
  fromAuthHeaderAsBearerToken,
  fromExtractors,
  versionOneCompatibility,
  fromCookie,
};
