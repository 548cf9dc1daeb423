'use strict';
// The only texts a failed editor sign-in can show. Node-RED puts them into the login dialog (4.1 without
// escaping), so they are fixed strings: nothing from the token or the request is ever part of one.

const { CODE } = require('../error-codes');

const MESSAGES = Object.freeze({
  noToken: 'No auth token',
  expired: 'Token expired',
  noExpiry: 'Token has no expiry time',
  notYetValid: 'Token not valid yet',
  rejected: 'Token not accepted',
  invalid: 'Invalid token',
  keyUnavailable: 'Signing keys unavailable, try again later',
  username: 'Token has no usable username',
  emailUnverified: 'The e-mail address in the token is not verified',
  providerUnavailable: 'The identity provider could not be reached, try again later',
  providerRefused: 'The identity provider refused the sign-in',
  notAllowed: 'User not allowed',
  noPermissions: 'Token grants no Node-RED permissions',
  state: 'Sign-in expired or not started here, please try again',
  cancelled: 'Sign-in was cancelled or refused at the identity provider',
  failed: 'Sign-in failed',
});

// Error codes (the catalogue in lib/error-codes.js) to the message shown.
const BY_CODE = new Map([
  [CODE.ERR_JWT_EXPIRED, MESSAGES.expired],
  [CODE.ERR_JWT_MAX_AGE, MESSAGES.expired],
  [CODE.ERR_JWT_NO_EXPIRY, MESSAGES.noExpiry],
  [CODE.ERR_JWT_NOT_ACTIVE, MESSAGES.notYetValid],
  [CODE.ERR_JWT_AUDIENCE, MESSAGES.rejected],
  [CODE.ERR_JWT_ISSUER, MESSAGES.rejected],
  [CODE.ERR_JWT_ALGORITHM, MESSAGES.rejected],
  [CODE.ERR_JWT_SIGNATURE_REQUIRED, MESSAGES.rejected],
  [CODE.ERR_OIDC_ID_TOKEN, MESSAGES.rejected],
  [CODE.ERR_JWKS_TIMEOUT, MESSAGES.keyUnavailable],
  [CODE.ERR_JWKS_FETCH, MESSAGES.keyUnavailable],
  [CODE.ERR_JWKS_TOO_LARGE, MESSAGES.keyUnavailable],
  [CODE.ERR_JWKS_INVALID, MESSAGES.keyUnavailable],
  [CODE.ERR_OIDC_DISCOVERY, MESSAGES.providerUnavailable],
  [CODE.ERR_OIDC_UNAVAILABLE, MESSAGES.providerUnavailable],
  [CODE.ERR_OIDC_REFUSED, MESSAGES.providerRefused],
]);

const BY_REASON = new Map([
  ['username', MESSAGES.username],
  ['email-unverified', MESSAGES.emailUnverified],
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
