'use strict';
// Exports only. `require('node-red-auth-jwt')(options)` returns Node-RED's whole `adminAuth`;
// `.Strategy` and `.ExtractJwt` are the passport-jwt drop-in.
//
// Every export is a `module.exports.<name> =` statement on purpose: Node's ESM loader finds the named exports of
// a CommonJS file by scanning its source (cjs-module-lexer), and this is the form it recognises. That makes
// `import { Strategy, ExtractJwt } from 'node-red-auth-jwt'` work on Node 18 to 24, with the very same objects
// `require` returns (one module instance, no ESM copy to drift apart). __test__/esm.test.js holds it to that.

const errors = require('./lib/errors');
const { verify } = require('./lib/verification/verify');

function nodeRedAuthJwt(options) {
  return require('./lib/node-red').adminAuth(options);
}

module.exports = nodeRedAuthJwt;
module.exports.Strategy = require('./lib/passport/strategy');
module.exports.ExtractJwt = require('./lib/passport/extract-jwt');
module.exports.verify = verify;
module.exports.JsonWebTokenError = errors.JsonWebTokenError;
module.exports.TokenExpiredError = errors.TokenExpiredError;
module.exports.NotBeforeError = errors.NotBeforeError;
// The error-code catalogue: every `code` an error of this package can carry, with its class and message.
module.exports.errorCodes = require('./lib/error-codes').errorCodes;
// Remote key sets: `jwks({jwksUri})` is a secretOrKeyProvider (jwks-rsa's passportJwtSecret drop-in);
// `jwks.createRemoteKeySet(options)` the same cache with `verify(token, options)` for other callers.
module.exports.jwks = require('./lib/remote-keys/jwks').jwks;
// `httpAdminMiddleware: guard()`: answers 400 to the admin requests that would end Node-RED (SECURITY.md).
module.exports.guard = require('./lib/node-red/http-guard').guard;
// Reverse-proxy presets, each returning a whole adminAuth: cloudflareAccess, googleIap, pomerium, oauth2Proxy.
module.exports.presets = require('./lib/node-red/presets');
// `httpNodeMiddleware` / `httpNodeAuth` (and `.socketIo` for Dashboard 2): the same JWTs for the flows' endpoints.
module.exports.httpNode = (options) => require('./lib/http-node').httpNode(options);
// `editorTheme.logout.redirect`: where the editor goes after sign-out (ends the provider's session too).
module.exports.logoutRedirect = require('./lib/node-red/logout').logoutRedirect;
