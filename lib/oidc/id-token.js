'use strict';
// What OpenID Connect Core §3.1.3.7 asks of an ID token beyond a good signature, issuer and audience (those the
// verify layer checks): the token was issued to this client, it carries exp and iat, it answers the nonce this
// browser was given, and a refreshed one is about the same person.

const crypto = require('crypto');
const { jwtError } = require('../errors');
const { CODE } = require('../error-codes');

function idTokenError(message) {
  return jwtError(message, CODE.ERR_OIDC_ID_TOKEN);
}

function sameText(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * @param {object} payload a verified payload whose aud already contains clientId
 * @param {{clientId: string, nonce?: string, sub?: string}} expected
 * @returns {Error|null}
 */
function checkIdTokenClaims(payload, { clientId, nonce, sub }) {
  if (typeof payload.exp !== 'number') return idTokenError('the ID token has no exp');
  if (typeof payload.iat !== 'number') return idTokenError('the ID token has no iat');
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || payload.azp !== undefined) && payload.azp !== clientId) {
    return idTokenError('the ID token was issued to another client (azp)');
  }
  if (nonce !== undefined && !sameText(payload.nonce, nonce)) return idTokenError('the ID token does not answer this sign-in (nonce)');
  if (sub !== undefined && payload.sub !== sub) return idTokenError('the refreshed ID token is about someone else (sub)');
  return null;
}

module.exports = { checkIdTokenClaims, sameText };
