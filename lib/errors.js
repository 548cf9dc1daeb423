'use strict';
// The error classes of node jsonwebtoken 9 (same names, messages and extra fields), each with a stable `code`
// from the catalogue in error-codes.js.

const { errorCodes, CODE } = require('./error-codes');

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
  [CODE.ERR_JWT_AUDIENCE]: (o) =>
    expected(errorCodes.ERR_JWT_AUDIENCE.message, (Array.isArray(o.audience) ? o.audience : [o.audience]).join(' or ')),
  [CODE.ERR_JWT_ISSUER]: (o) => expected(errorCodes.ERR_JWT_ISSUER.message, o.issuer),
  [CODE.ERR_JWT_SUBJECT]: (o) => expected(errorCodes.ERR_JWT_SUBJECT.message, o.subject),
  [CODE.ERR_JWT_JWTID]: (o) => expected(errorCodes.ERR_JWT_JWTID.message, o.jwtid),
  [CODE.ERR_JWT_NONCE]: (o) => expected(errorCodes.ERR_JWT_NONCE.message, o.nonce),
};

/**
 * Builds the JS error for a code, of the class the catalogue names for it. `message` defaults to the
 * catalogue's; `seconds` feeds `expiredAt` / `date`; `options` (verify options) completes the identity-claim
 * messages with the expected value.
 */
function fromCode(code, message, seconds, options) {
  const optionMessage = OPTION_MESSAGES[code];
  const known = errorCodes[code];
  const text = optionMessage && options ? optionMessage(options) : message === undefined && known ? known.message : message;
  switch (known && known.class) {
    case 'TokenExpiredError':
      return withCode(new TokenExpiredError(text, new Date(seconds * 1000)), code);
    case 'NotBeforeError':
      return withCode(new NotBeforeError(text, new Date(seconds * 1000)), code);
    default:
      return withCode(new JsonWebTokenError(text), code);
  }
}

function jwtError(message, code) {
  return withCode(new JsonWebTokenError(message), code);
}

const KEY_INVALID_PREFIX = `${errorCodes.ERR_JWT_KEY_INVALID.message}: `;

/** ERR_JWT_KEY_INVALID: the catalogue's message followed by what is wrong with the key. */
function keyInvalid(detail, inner) {
  const message = detail ? `${KEY_INVALID_PREFIX}${detail}` : errorCodes.ERR_JWT_KEY_INVALID.message;
  return withCode(new JsonWebTokenError(message, inner), CODE.ERR_JWT_KEY_INVALID);
}

/** What is wrong with a key, without the ERR_JWT_KEY_INVALID prefix; other errors' messages as they are. */
function keyProblem(err) {
  const text = err.message;
  return err.code === CODE.ERR_JWT_KEY_INVALID && text.startsWith(KEY_INVALID_PREFIX) ? text.slice(KEY_INVALID_PREFIX.length) : text;
}

module.exports = {
  JsonWebTokenError,
  TokenExpiredError,
  NotBeforeError,
  fromCode,
  jwtError,
  keyInvalid,
  keyProblem,
};
