'use strict';
// The only texts a failed editor sign-in can show. Node-RED puts them into the login dialog (4.1 without
// escaping), so they are fixed strings: nothing from the token or the request is ever part of one.

const MESSAGES = Object.freeze({
  noToken: 'No auth token',
  expired: 'Token expired',
  noExpiry: 'Token has no expiry time',
  notYetValid: 'Token not valid yet',
  rejected: 'Token not accepted',
  invalid: 'Invalid token',
  keyUnavailable: 'Signing keys unavailable, try again later',
  username: 'Token has no usable username',
  notAllowed: 'User not allowed',
  noPermissions: 'Token grants no Node-RED permissions',
  state: 'Sign-in expired or not started here, please try again',
  failed: 'Sign-in failed',
});

// Verification error codes (lib/errors.js, src/error.rs) to the message shown.
const BY_CODE = new Map([
  ['ERR_JWT_EXPIRED', MESSAGES.expired],
  ['ERR_JWT_MAX_AGE', MESSAGES.expired],
  ['ERR_JWT_NO_EXPIRY', MESSAGES.noExpiry],
  ['ERR_JWT_NOT_ACTIVE', MESSAGES.notYetValid],
  ['ERR_JWT_AUDIENCE', MESSAGES.rejected],
  ['ERR_JWT_ISSUER', MESSAGES.rejected],
  ['ERR_JWT_ALGORITHM', MESSAGES.rejected],
  ['ERR_JWT_SIGNATURE_REQUIRED', MESSAGES.rejected],
  ['ERR_JWKS_TIMEOUT', MESSAGES.keyUnavailable],
  ['ERR_JWKS_FETCH', MESSAGES.keyUnavailable],
  ['ERR_JWKS_TOO_LARGE', MESSAGES.keyUnavailable],
  ['ERR_JWKS_INVALID', MESSAGES.keyUnavailable],
  ['ERR_OIDC_DISCOVERY', MESSAGES.keyUnavailable],
]);

const BY_REASON = new Map([
  ['username', MESSAGES.username],
  ['not-allowed', MESSAGES.notAllowed],
  ['no-permissions', MESSAGES.noPermissions],
]);

function forError(err) {
  return (err && BY_CODE.get(err.code)) || MESSAGES.invalid;
}

function forReason(reason) {
  return BY_REASON.get(reason) || MESSAGES.failed;
}

module.exports = { MESSAGES, forError, forReason };
