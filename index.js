'use strict';
// Exports only. `require('node-red-auth-jwt')(options)` returns Node-RED's whole `adminAuth`;
// `.Strategy` and `.ExtractJwt` are the passport-jwt drop-in.

const errors = require('./lib/errors');
const { verify } = require('./lib/verify');

function nodeRedAuthJwt(options) {
  return require('./lib/node-red').adminAuth(options);
}

nodeRedAuthJwt.Strategy = require('./lib/strategy');
nodeRedAuthJwt.ExtractJwt = require('./lib/extract_jwt');
nodeRedAuthJwt.verify = verify;
nodeRedAuthJwt.JsonWebTokenError = errors.JsonWebTokenError;
nodeRedAuthJwt.TokenExpiredError = errors.TokenExpiredError;
nodeRedAuthJwt.NotBeforeError = errors.NotBeforeError;

module.exports = nodeRedAuthJwt;
