'use strict';
// One function that answers "is this token good?" for the configured key: the payload or an Error,
// never a throw. A local key is compiled once here, at start-up; a remote key set answers with a Promise.

const { CompiledVerifier } = require('../verification/verify');
const { jwtError } = require('../errors');
const { configError } = require('./config-error');
const { CODE } = require('../error-codes');

function internalError() {
  return jwtError('token check failed', CODE.ERR_JWT_INTERNAL);
}

// A token without exp would be valid for ever, and an admin session could be re-created from a leaked one at any
// time. Refused unless allowUnsafe names "tokens-without-exp".
function withExpiry(result) {
  if (result instanceof Error || typeof result.exp === 'number') return result;
  return jwtError('jwt has no expiry (exp)', CODE.ERR_JWT_NO_EXPIRY);
}

/**
 * @param {{key: {kind: string, value: *}, verify: object}} config from config.parse
 * @returns {(token: *) => object|Error|Promise<object|Error>}
 */
function createTokenChecker(config) {
  const options = Object.freeze({ ...config.verify });
  const checked = config.requireExp === false ? (result) => result : withExpiry;
  if (config.key.kind === 'remote') {
    const { keySet } = config.key.value;
    return function checkRemote(token) {
      if (typeof token !== 'string') return jwtError('jwt must be a string', CODE.ERR_JWT_NOT_STRING);
      return keySet.verify(token, options).then(checked, internalError);
    };
  }
  let verifier;
  try {
    verifier = new CompiledVerifier(config.key.value, options);
  } catch (err) {
    throw configError(`${config.key.kind} cannot verify tokens: ${err.message}`);
  }
  return function checkLocal(token) {
    if (typeof token !== 'string') return jwtError('jwt must be a string', CODE.ERR_JWT_NOT_STRING);
    try {
      return checked(verifier.check(token));
    } catch {
      return internalError();
    }
  };
}

/** The code flow's ID token is checked like any token, but its audience must be the client itself. */
function createIdTokenChecker(config) {
  return createTokenChecker({ key: config.key, verify: { ...config.verify, audience: config.oidc.clientId } });
}

module.exports = { createTokenChecker, createIdTokenChecker };
