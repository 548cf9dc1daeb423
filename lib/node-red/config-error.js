'use strict';
// The one kind of error the factory throws: a start-up TypeError that says what to set.

const { CODE } = require('../error-codes');

const ERR_CONFIG = CODE.ERR_NODE_RED_AUTH_JWT_CONFIG;
const PREFIX = 'node-red-auth-jwt: ';

function configError(message) {
  const err = new TypeError(PREFIX + message);
  err.code = ERR_CONFIG;
  return err;
}

function fail(message) {
  throw configError(message);
}

function isPlainObject(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

module.exports = { ERR_CONFIG, configError, fail, isPlainObject };
