'use strict';
// Stands in for passport-jwt's lib/verify_jwt.js when its test suite runs against our modules.
module.exports = require('../../lib/verification/verify').verify;
