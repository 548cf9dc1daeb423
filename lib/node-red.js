'use strict';
// `require('node-red-auth-jwt')(options)`: Node-RED's whole `adminAuth` object, so that settings.js needs
// one line. The editor signs in through the strategy (login-strategy.js); the admin API and the editor
// websocket accept the same JWTs through `tokens` (api-tokens.js). Options are checked here, at start-up.

const config = require('./node-red/config');
const { createTokenChecker } = require('./node-red/token-checker');
const { createDirectory } = require('./node-red/users');
const { createLoginStrategy, NAME } = require('./node-red/login-strategy');
const { createApiTokens } = require('./node-red/api-tokens');
const { armGuards } = require('./node-red/guards');
const { startupWarnings } = require('./node-red/safety');

/**
 * @param {object} options see README ("Node-RED: the adminAuth factory")
 * @returns {object} a complete Node-RED `adminAuth`
 * @throws {TypeError} code ERR_NODE_RED_AUTH_JWT_CONFIG, for any bad option
 */
function adminAuth(options) {
  const cfg = config.parse(options);
  startupWarnings(cfg);
  if (cfg.guard) armGuards();
  const checkToken = createTokenChecker(cfg);
  const directory = createDirectory(cfg);
  const context = { config: cfg, checkToken, directory };

  const result = {
    type: 'strategy',
    strategy: {
      // Node-RED registers the strategy under the instance's name and authenticates with this one: they must match.
      name: NAME,
      label: cfg.label,
      icon: cfg.icon,
      autoLogin: cfg.autoLogin,
      strategy: createLoginStrategy(context),
      options: { callbackMethod: cfg.callbackMethod },
    },
    users: directory.lookup,
    authenticate: directory.authenticate,
  };
  if (cfg.apiTokens) {
    result.tokens = createApiTokens(context);
    if (cfg.tokenHeader !== null) result.tokenHeader = cfg.tokenHeader;
  }
  if (cfg.sessionExpiryTime !== null) result.sessionExpiryTime = cfg.sessionExpiryTime;
  return result;
}

module.exports = { adminAuth };
