'use strict';
// Stands in for passport-jwt's lib/index.js when its test suite runs against our modules.
module.exports = {
  Strategy: require('../../lib/strategy'),
  ExtractJwt: require('../../lib/extract_jwt'),
};
