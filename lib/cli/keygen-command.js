'use strict';
// `node-red-auth-jwt keygen`: checks the options, then makes and writes the key pair.

const path = require('path');
const { generatePemKeyPair, writeKeyPair, KEYGEN_ALGS, MIN_RSA_BITS, MAX_RSA_BITS } = require('./keygen');
const { UsageError } = require('./usage-error');

const options = {
  alg: { type: 'string', default: 'EdDSA' },
  bits: { type: 'string' },
  out: { type: 'string', default: '.' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

function bitsOption(values) {
  if (values.bits === undefined) return undefined;
  if (values.alg !== 'RS256') throw new UsageError('--bits applies only to --alg RS256', 'keygen');
  if (!/^\d+$/.test(values.bits) || Number(values.bits) < MIN_RSA_BITS || Number(values.bits) > MAX_RSA_BITS) {
    throw new UsageError(`--bits must be a whole number from ${MIN_RSA_BITS} to ${MAX_RSA_BITS}`, 'keygen');
  }
  return Number(values.bits);
}

/** @returns {string} what to print on stdout */
function run(values, cwd) {
  if (!KEYGEN_ALGS.includes(values.alg)) {
    throw new UsageError(`--alg must be one of ${KEYGEN_ALGS.join(', ')} (got "${values.alg}")`, 'keygen');
  }
  const bits = bitsOption(values);
  const pair = generatePemKeyPair(values.alg, { bits });
  let written;
  try {
    written = writeKeyPair(path.resolve(cwd, values.out), pair, { force: values.force });
  } catch (err) {
    if (err.code === 'EEXIST') throw new UsageError(err.message, 'keygen');
    throw err;
  }
  return `${values.alg} key pair written:\n  private key (keep it secret): ${written.privatePath}\n  public key (for Node-RED):     ${written.publicPath}\n`;
}

module.exports = { name: 'keygen', options, run };
