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
nodeRedAuthJwt.errorCodes = require('./lib/error-codes').errorCodes;
// Remote key sets: `jwks({jwksUri})` is a secretOrKeyProvider (jwks-rsa's passportJwtSecret drop-in);
// `jwks.createRemoteKeySet(options)` the same cache with `verify(token, options)` for other callers.
nodeRedAuthJwt.jwks = require('./lib/jwks').jwks;
// `httpAdminMiddleware: guard()`: answers 400 to the admin requests that would end Node-RED (SECURITY.md).
nodeRedAuthJwt.guard = require('./lib/node-red/http-guard').guard;
// Reverse-proxy presets, each returning a whole adminAuth: cloudflareAccess, googleIap, pomerium, oauth2Proxy.
nodeRedAuthJwt.presets = require('./lib/presets');
// `httpNodeMiddleware` / `httpNodeAuth` (and `.socketIo` for Dashboard 2): the same JWTs for the flows' endpoints.
nodeRedAuthJwt.httpNode = (options) => require('./lib/http-node').httpNode(options);
// `editorTheme.logout.redirect`: where the editor goes after sign-out (ends the provider's session too).
nodeRedAuthJwt.logoutRedirect = require('./lib/node-red/logout').logoutRedirect;

module.exports = nodeRedAuthJwt;
