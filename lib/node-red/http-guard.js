'use strict';
// `httpAdminMiddleware: require('node-red-auth-jwt').guard()`: answers 400 to the admin requests that would
// otherwise end Node-RED (3.1 to 5.0). An access token that is an object (`?access_token[toString]=x`, or
// `{"access_token": {...}}` in a JSON or form body) or a revoke request whose `token` is one reaches a map
// lookup in Node-RED's auth/tokens.js inside a promise nobody catches; the TypeError ends the process.
// See SECURITY.md. Node-RED runs this middleware before its own auth, but also before it parses the body,
// so for bodies the check sits on `req.body` itself and fails the body parser's assignment: Node-RED then
// answers 400 exactly as it does for malformed JSON. The websocket's `{"auth": {...}}` passes no middleware:
// guard() installs the process-level backstop for it (crash-containment.js), so that a hand-written adminAuth
// (the passport-jwt drop-in) is covered by this one line too.

const { installContainment } = require('./crash-containment');

// Fields whose value Node-RED uses as a token, and the admin paths where it reads them.
const BODY_FIELDS = [
  { name: 'access_token', path: null }, // passport-http-bearer, on every admin route
  { name: 'token', path: /^\/auth\/revoke\/?$/i }, // POST /auth/revoke (Express routes ignore case)
];
const QUERY_FIELD = 'access_token';
const MESSAGE = 'a token must be a single string';
const hasOwn = Object.prototype.hasOwnProperty;

let created = 0;

function badField(container, name) {
  return container !== null && typeof container === 'object' && hasOwn.call(container, name) && typeof container[name] !== 'string';
}

function bodyRejection() {
  const err = new Error(`node-red-auth-jwt: ${MESSAGE}`);
  // Express prints `stack` in development mode: keep it to our fixed text, with no file paths.
  err.stack = err.message;
  err.status = 400;
  err.statusCode = 400;
  err.expose = true;
  err.type = 'entity.parse.failed';
  return err;
}

// Body parsers set `req.body` once they have read it (body-parser 1.x: `req.body = parse(text)`, inside a
// try that turns a throw into a 400). An accessor on the request sees that assignment.
function watchBody(req, path) {
  const fields = BODY_FIELDS.filter((f) => f.path === null || f.path.test(path));
  let body = req.body;
  Object.defineProperty(req, 'body', {
    configurable: true,
    enumerable: true,
    get() {
      return body;
    },
    set(value) {
      if (fields.some((f) => badField(value, f.name))) throw bodyRejection();
      body = value;
    },
  });
}

/**
 * Express middleware for Node-RED's `httpAdminMiddleware` (alone, or first in an array).
 * @returns {(req: object, res: object, next: Function) => void}
 */
function guard() {
  created += 1;
  installContainment();
  return function nodeRedAuthJwtGuard(req, res, next) {
    if (badField(req.query, QUERY_FIELD)) {
      res.statusCode = 400;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ error: 'invalid_request', message: MESSAGE }));
      return;
    }
    watchBody(req, typeof req.path === 'string' ? req.path : '');
    next();
  };
}

/** Whether `guard()` has been called in this process (the factory says so at start-up when it has not). */
function guardCreated() {
  return created > 0;
}

module.exports = { guard, guardCreated };
