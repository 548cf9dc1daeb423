'use strict';
// Stands in for passport-jwt's lib/index.js when its test suite runs against our modules.
module.exports = {
  Strategy: require('../../lib/passport/strategy'),
  ExtractJwt: require('../../lib/passport/extract-jwt'),
};
