'use strict';
// Where a flow request's token is: `Authorization: Bearer` (or the `tokenHeader` header, raw), else the `cookie`
// option's cookie. Anything that is not one plain string is AMBIGUOUS and refused, never guessed at.

const cookie = require('cookie');
const authHeader = require('../passport/auth-header');

const AMBIGUOUS = Symbol('ambiguous');

function readCookie(headers, name) {
  const header = headers.cookie;
  if (header === undefined) return null;
  if (typeof header !== 'string') return AMBIGUOUS;
  let jar;
  try {
    jar = cookie.parse(header);
  } catch {
    return AMBIGUOUS;
  }
  const value = Object.prototype.hasOwnProperty.call(jar, name) ? jar[name] : undefined;
  if (value === undefined || value === '') return null;
  return typeof value === 'string' ? value : AMBIGUOUS;
}

/** @returns {(headers: object) => string|null|AMBIGUOUS} */
function createTokenSource({ tokenHeader, cookie: cookieName }) {
  const bearer = tokenHeader === null || tokenHeader === 'authorization';

  function fromHeader(headers) {
    const raw = headers[bearer ? 'authorization' : tokenHeader];
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string') return AMBIGUOUS;
    if (!bearer) return raw;
    const parts = authHeader.parse(raw);
    return parts && /^bearer$/i.test(parts.scheme) ? parts.value : AMBIGUOUS;
  }

  return function extract(headers) {
    if (!headers || typeof headers !== 'object') return null;
    const found = fromHeader(headers);
    if (found !== null || cookieName === null) return found;
    return readCookie(headers, cookieName);
  };
}

module.exports = { createTokenSource, AMBIGUOUS };
