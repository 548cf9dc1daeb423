'use strict';
// Every error code the package reports, in one table: the JS class an error with that code is, and its
// message (the default one where the message names a detail or an expected value). The first block is what
// the Rust core reports (src/error.rs; __test__/error-codes.test.js checks that the two agree), the rest is
// reported by the JavaScript layers. Code matches on `err.code`, never on the message.

const JWT = 'JsonWebTokenError';
const EXPIRED = 'TokenExpiredError';
const NOT_BEFORE = 'NotBeforeError';

const entry = (errorClass, message) => ({ class: errorClass, message });

const TABLE = {
  // The Rust core's codes.
  ERR_JWT_TOO_LARGE: entry(JWT, 'jwt too large'),
  ERR_JWT_MALFORMED: entry(JWT, 'jwt malformed'),
  ERR_JWT_INVALID: entry(JWT, 'invalid token'),
  ERR_JWT_CRIT: entry(JWT, 'jwt crit header is not supported'),
  ERR_JWT_SIGNATURE_REQUIRED: entry(JWT, 'jwt signature is required'),
  ERR_JWT_ALGORITHM: entry(JWT, 'invalid algorithm'),
  ERR_JWT_KEY_MISMATCH: entry(JWT, 'the key cannot verify this algorithm'),
  ERR_JWKS_NO_MATCHING_KEY: entry(JWT, 'no matching key found'),
  ERR_JWT_SIGNATURE: entry(JWT, 'invalid signature'),
  ERR_JWT_PAYLOAD: entry(JWT, 'jwt payload must be a JSON object'),
  ERR_JWT_CLAIM_TYPE: entry(JWT, 'invalid claim value'),
  ERR_JWT_NOT_ACTIVE: entry(NOT_BEFORE, 'jwt not active'),
  ERR_JWT_EXPIRED: entry(EXPIRED, 'jwt expired'),
  ERR_JWT_AUDIENCE: entry(JWT, 'jwt audience invalid'),
  ERR_JWT_ISSUER: entry(JWT, 'jwt issuer invalid'),
  ERR_JWT_SUBJECT: entry(JWT, 'jwt subject invalid'),
  ERR_JWT_JWTID: entry(JWT, 'jwt jwtid invalid'),
  ERR_JWT_NONCE: entry(JWT, 'jwt nonce invalid'),
  ERR_JWT_IAT_REQUIRED: entry(JWT, 'iat required when maxAge is specified'),
  ERR_JWT_MAX_AGE: entry(EXPIRED, 'maxAge exceeded'),
  ERR_JWT_KEY_INVALID: entry(JWT, 'secretOrPublicKey is not valid key material'),
  ERR_JWT_KEY_TOO_SMALL: entry(JWT, 'RSA keys must be at least 2048 bits'),
  ERR_JWT_OPTIONS: entry(JWT, 'invalid verify options'),
  ERR_JWT_INTERNAL: entry(JWT, 'internal error'),

  // verify() and the Strategy.
  ERR_JWT_MISSING: entry(JWT, 'jwt must be provided'),
  ERR_JWT_NOT_STRING: entry(JWT, 'jwt must be a string'),
  ERR_JWT_NO_KEY: entry(JWT, 'secret or public key must be provided'),
  ERR_JWT_KEY_CALLBACK: entry(JWT, 'error in secret or public key callback'),
  // Node-RED sign-in: a token without `exp` would keep a session open for ever.
  ERR_JWT_NO_EXPIRY: entry(JWT, 'jwt has no expiry (exp)'),

  // Remote key sets (lib/remote-keys/jwks.js).
  ERR_JWKS_TIMEOUT: entry(JWT, 'the key set endpoint did not answer in time'),
  ERR_JWKS_FETCH: entry(JWT, 'the key set could not be fetched'),
  ERR_JWKS_TOO_LARGE: entry(JWT, 'the key set is too large'),
  ERR_JWKS_INVALID: entry(JWT, 'the key set is not valid'),

  // OpenID Connect (lib/remote-keys/discovery.js, lib/oidc/).
  ERR_OIDC_DISCOVERY: entry(JWT, 'OpenID discovery failed'),
  ERR_OIDC_UNAVAILABLE: entry(JWT, 'the identity provider could not be reached'),
  ERR_OIDC_REFUSED: entry(JWT, 'the identity provider refused the request'),
  ERR_OIDC_ID_TOKEN: entry(JWT, 'the ID token is not valid'),
  ERR_OIDC_PROVIDER: entry(JWT, 'the identity provider answered something unexpected'),

  // The bounded HTTP transport (lib/remote-keys/bounded-fetch.js); jwks.js and oidc/ report these under their own codes.
  ERR_FETCH: entry(JWT, 'the endpoint could not be reached'),
  ERR_FETCH_TIMEOUT: entry(JWT, 'the endpoint did not answer in time'),
  ERR_FETCH_TOO_LARGE: entry(JWT, 'the endpoint sent too much'),
  ERR_FETCH_ENCODING: entry(JWT, 'the endpoint sent a body that is not UTF-8 text'),

  // Start-up.
  ERR_NODE_RED_AUTH_JWT_CONFIG: entry('TypeError', 'invalid node-red-auth-jwt options'),
  ERR_NODE_RED_AUTH_JWT_NO_BINARY: entry('Error', 'no native binary for this platform'),
};

for (const [code, value] of Object.entries(TABLE)) Object.freeze(Object.assign(value, { code }));

/** code -> { code, class, message }. */
const errorCodes = Object.freeze(TABLE);

/** code -> code, for call sites: `CODE.ERR_JWKS_FETCH` instead of a string literal. */
const CODE = Object.freeze(Object.fromEntries(Object.keys(TABLE).map((code) => [code, code])));

module.exports = { errorCodes, CODE };
