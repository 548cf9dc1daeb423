'use strict';
// `node-red-auth-jwt token`: reads the private key, builds the claims and prints the signed token.

const fs = require('fs');
const path = require('path');
const { buildClaims, ClaimError } = require('./claims');
const { signJwt, KeyTypeError } = require('./sign-jwt');
const { UsageError } = require('./usage-error');

const options = {
  key: { type: 'string' },
  sub: { type: 'string' },
  aud: { type: 'string', multiple: true },
  iss: { type: 'string' },
  exp: { type: 'string' },
  permissions: { type: 'string' },
  claim: { type: 'string', multiple: true },
  kid: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

function readKey(file, cwd) {
  try {
    return fs.readFileSync(path.resolve(cwd, file));
  } catch (err) {
    throw new UsageError(`cannot read --key ${file}: ${err.code || err.message}`, 'token');
  }
}

/** @returns {string} the token and a newline */
function run(values, cwd) {
  if (values.key === undefined) throw new UsageError('--key is required (a private key PEM, e.g. from "keygen")', 'token');
  if (values.sub === undefined) throw new UsageError('--sub is required (the user name)', 'token');
  const key = readKey(values.key, cwd);
  try {
    const payload = buildClaims(values, Math.floor(Date.now() / 1000));
    return `${signJwt(payload, key, { kid: values.kid })}\n`;
  } catch (err) {
    if (err instanceof ClaimError) throw new UsageError(err.message, 'token');
    if (err instanceof KeyTypeError) throw new UsageError(`--key ${values.key}: ${err.message}`, 'token');
    throw err;
  }
}

module.exports = { name: 'token', options, run };
