'use strict';
// `httpNode(options)`: the middleware for the flows' own endpoints. Give it to Node-RED as `httpNodeMiddleware`
// (every HTTP-in route), as `httpNodeAuth` (4.0+: everything under httpNodeRoot, Dashboard 2's pages and the
// browser sign-in's callback included) and its `.socketIo` as Dashboard 2's `dashboard.ioMiddleware`.
// A request that passes carries `req.user = {username, claims}`, which HTTP-in puts into msg.req.user.

const { parse } = require('./options');
const { createTokenChecker } = require('../node-red/token-checker');
const { createIdentity } = require('./identity');
const { createTokenSource } = require('./token-source');
const { refuse } = require('./refusal');
const { judge } = require('./decision');
const { createBrowserSignIn, rootOf } = require('./browser');
const { createSocketIoMiddleware } = require('./socket-io');
const { MESSAGES } = require('../node-red/messages');

// Set on a request that passed, so mounting the same middleware twice (httpNodeAuth and httpNodeMiddleware)
// checks it once.
const CHECKED = Symbol('node-red-auth-jwt.httpNode');

function pathOf(req) {
  if (typeof req.path === 'string') return req.path;
  return String(req.url || '/').split('?')[0];
}

/**
 * @param {object} options see README ("Protect your flows' endpoints and the Dashboard")
 * @returns {Function} Express middleware `(req, res, next)` with `.socketIo`, a socket.io middleware
 * @throws {TypeError} code ERR_NODE_RED_AUTH_JWT_CONFIG, for any bad option
 */
function httpNode(options) {
  const config = parse(options);
  const identity = createIdentity(config, createTokenChecker(config));
  const extract = createTokenSource(config);
  const browser = config.oidc === null ? null : createBrowserSignIn(config, identity);
  const state = { root: null }; // httpNodeRoot, learnt from the first request; the socket.io check needs it

  async function check(req, res, next) {
    const path = pathOf(req);
    if (browser !== null && browser.route(req, res, path)) return undefined;
    const rule = config.rules.decide(path);
    const outcome = await judge({ rule, token: extract(req.headers), req, identity, browser });
    if (outcome.pass) {
      if (outcome.user !== null) {
        req.user = outcome.user;
        req[CHECKED] = true;
      }
      return next();
    }
    if (outcome.anonymous && browser !== null && browser.isNavigation(req)) return browser.start(req, res);
    return refuse(res, outcome);
  }

  function middleware(req, res, next) {
    if (req[CHECKED] === true) return next();
    // A CORS preflight never carries credentials, and no HTTP-in route answers OPTIONS: only Node-RED's CORS
    // handler (httpNodeCors) does. Refusing it would break cross-origin API clients under httpNodeAuth whenever
    // the editor's own CORS handler (on httpAdminRoot) does not answer it first.
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return next();
    if (state.root === null) state.root = rootOf(req);
    // Nothing may escape as a rejection (it would end Node-RED); a failure here is a refusal, never "open".
    check(req, res, next).catch(() => refuse(res, { status: 401, description: MESSAGES.failed }));
    return undefined;
  }

  middleware.socketIo = createSocketIoMiddleware({ config, identity, extract, browser, state });
  return middleware;
}

module.exports = { httpNode };
