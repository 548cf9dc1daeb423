'use strict';
// `require('node-red-auth-jwt')(options)`: Node-RED's whole `adminAuth` object, so that settings.js needs
// one line. The editor signs in through the strategy (login-strategy.js); the admin API and the editor
// websocket accept the same JWTs through `tokens` (api-tokens.js). Options are checked here, at start-up.

const config = require('./config');
const { createTokenChecker, createIdTokenChecker } = require('./token-checker');
const { createDirectory } = require('./users');
const { createLoginStrategy, NAME } = require('./login-strategy');
const { createApiTokens } = require('./api-tokens');
const { createSessions } = require('./sessions');
const { createEditorSessions } = require('./editor-sessions');
const { createSigninCookies } = require('./signin-cookies');
const { createCodeFlow } = require('./code-flow');
const { createProvider } = require('../oidc/provider');
const { armGuards } = require('./guards');
const { startupWarnings } = require('./safety');

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
  const cookies = createSigninCookies({ baseURL: cfg.baseURL, crossSitePost: cfg.callbackMethod === 'POST' });
  let codeFlow = null;
  let renew = null;
  // The directory needs the sessions and the code flow's renewal needs the directory: tie them up after.
  const sessions = createSessions({
    endsWithToken: cfg.sessionEndsWithToken,
    clockTolerance: cfg.verify.clockTolerance || 0,
    editorSessions: createEditorSessions(),
    renew: cfg.oidc === null ? null : (record) => renew(record),
  });
  const directory = createDirectory(cfg, sessions);
  if (cfg.oidc !== null) {
    const provider = createProvider(cfg.oidc);
    codeFlow = createCodeFlow({ config: cfg, provider, cookies, checkIdToken: createIdTokenChecker(cfg), directory });
    renew = codeFlow.renew;
  }
  const context = { config: cfg, checkToken, directory, sessions, cookies, codeFlow };

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
