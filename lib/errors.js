'use strict';
// The error classes of node jsonwebtoken 9 (same names, messages and extra fields), each with a stable `code`.

class JsonWebTokenError extends Error {
  constructor(message, error) {
    super(message);
    // Own properties, as in node jsonwebtoken, so that spreading or logging an error shows them.
    this.name = 'JsonWebTokenError';
    this.message = message;
    if (error) this.inner = error;
  }
}

class TokenExpiredError extends JsonWebTokenError {
  constructor(message, expiredAt) {
    super(message);
    this.name = 'TokenExpiredError';
    this.expiredAt = expiredAt;
  }
}

class NotBeforeError extends JsonWebTokenError {
  constructor(message, date) {
    super(message);
    this.name = 'NotBeforeError';
    this.date = date;
  }
}

function withCode(error, code) {
  error.code = code;
  return error;
}

function expected(prefix, value) {
  return `${prefix}. expected: ${value}`;
}

// Messages that name the expected value come from the caller's options, formatted as node jsonwebtoken does
// (so an issuer array prints as "a,b" and audiences as "a or /b/"). Nothing here comes from the token.
const OPTION_MESSAGES = {
  ERR_JWT_AUDIENCE: (o) =>
    expected('jwt audience invalid', (Array.isArray(o.audience) ? o.audience : [o.audience]).join(' or ')),
  ERR_JWT_ISSUER: (o) => expected('jwt issuer invalid', o.issuer),
  ERR_JWT_SUBJECT: (o) => expected('jwt subject invalid', o.subject),
  ERR_JWT_JWTID: (o) => expected('jwt jwtid invalid', o.jwtid),
  ERR_JWT_NONCE: (o) => expected('jwt nonce invalid', o.nonce),
};

const EXPIRED = new Set(['ERR_JWT_EXPIRED', 'ERR_JWT_MAX_AGE']);

/** Builds the JS error for a stable code. `seconds` feeds `expiredAt` / `date`. */
function fromCode(code, message, seconds, options) {
  const optionMessage = OPTION_MESSAGES[code];
  const text = optionMessage && options ? optionMessage(options) : message;
  if (EXPIRED.has(code)) return withCode(new TokenExpiredError(text, new Date(seconds * 1000)), code);
  if (code === 'ERR_JWT_NOT_ACTIVE') return withCode(new NotBeforeError(text, new Date(seconds * 1000)), code);
  return withCode(new JsonWebTokenError(text), code);
}

/** Decodes the native layer's `!CODE\tSECONDS\tMESSAGE` failure string. */
function fromNative(encoded, options) {
  const firstTab = encoded.indexOf('\t');
  const secondTab = encoded.indexOf('\t', firstTab + 1);
  const code = encoded.slice(1, firstTab);
  const seconds = Number(encoded.slice(firstTab + 1, secondTab));
  return fromCode(code, encoded.slice(secondTab + 1), seconds, options);
}

/** A native constructor error carries `CODE\tmessage` in its message. */
function fromNativeThrow(err) {
  const text = String(err && err.message);
  const tab = text.indexOf('\t');
  if (tab < 0) return withCode(new JsonWebTokenError('secretOrPublicKey is not valid key material', err), 'ERR_JWT_KEY_INVALID');
  return fromCode(text.slice(0, tab), text.slice(tab + 1));
}

function jwtError(message, code) {
  return withCode(new JsonWebTokenError(message), code);
}

module.exports = {
  JsonWebTokenError,
  TokenExpiredError,
  NotBeforeError,
  fromNative,
  fromNativeThrow,
  jwtError,
};
