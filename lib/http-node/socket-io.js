'use strict';
// The same check for socket.io connections (Dashboard 2's `dashboard.ioMiddleware`): a websocket upgrade never
// passes Express middleware, so the handshake is checked here: socket.io's `auth.token`, the token header or
// cookie, or the browser's session cookie. A refusal is a connect_error whose data says 401, 403 or 503.
// A handshake from a page of another origin is refused, as Dashboard 2's own default middleware does.

const { MESSAGES } = require('../node-red/messages');
const { judge } = require('./decision');

function refusal(status, description) {
  const err = new Error(description);
  err.data = { status, error_description: description };
  return err;
}

// The handshake URL holds httpNodeRoot; rules are written relative to it.
function relativePath(url, root) {
  const path = String(url || '/').split('?')[0];
  if (root && (path === root || path.startsWith(`${root}/`))) return path.slice(root.length) || '/';
  return path;
}

// A browser sends Origin with a websocket (and a cross-site request): it must name this host.
function sameHost(headers) {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || typeof headers.host !== 'string') return false;
  try {
    return new URL(origin).host === headers.host.toLowerCase();
  } catch {
    return false;
  }
}

function createSocketIoMiddleware({ config, identity, extract, browser, state }) {
  async function check(socket) {
    const req = socket.request;
    const handshake = socket.handshake || {};
    if (!sameHost(req.headers)) return refusal(403, MESSAGES.rejected);
    const full = String(req.url || '/');
    const rules = [config.rules.decide(full), config.rules.decide(relativePath(full, state.root))];
    const open = rules.every((r) => r.open);
    const roles = rules.flatMap((r) => r.roles);
    const auth = handshake.auth;
    let token = auth && typeof auth === 'object' && typeof auth.token === 'string' && auth.token !== '' ? auth.token : null;
    if (token === null) token = extract(req.headers);
    const outcome = await judge({ rule: { open, roles }, token, req, identity, browser });
    if (!outcome.pass) return refusal(outcome.status, outcome.description);
    if (outcome.user !== null) {
      req.user = outcome.user;
      socket.data = socket.data && typeof socket.data === 'object' ? socket.data : {};
      socket.data.user = outcome.user;
    }
    return null;
  }

  return function socketIo(socket, next) {
    check(socket).then(
      (err) => next(err || undefined),
      () => next(refusal(401, MESSAGES.failed)),
    );
  };
}

module.exports = { createSocketIoMiddleware };
