'use strict';
// One decision for an HTTP request and a socket.io handshake alike: who the caller is (a token, else the
// browser's session cookie) and whether the path's rule lets them in.

const { MESSAGES } = require('../node-red/messages');
const { FORBIDDEN } = require('./refusal');
const { AMBIGUOUS } = require('./token-source');

/**
 * @param {{rule: {open: boolean, roles: string[][]}, token: string|null|symbol, req: object,
 *   identity: object, browser: object|null}} input
 * @returns {Promise<{pass: true, user: object|null} | {status: number, description: string, tokenSent?: boolean,
 *   anonymous?: true}>} anonymous: nothing was presented at all (a browser may be sent to sign in)
 */
async function judge({ rule, token, req, identity, browser }) {
  let found = null;
  if (typeof token === 'string') found = await identity.identify(token);
  else if (token === null && browser !== null) {
    const user = browser.session(req);
    if (user !== null) found = { user };
  }
  if (rule.open && (found === null || !found.user)) return { pass: true, user: null };
  if (token === AMBIGUOUS) return { status: 401, description: MESSAGES.invalid };
  if (found === null) return { status: 401, description: MESSAGES.noToken, tokenSent: false, anonymous: true };
  if (!found.user) return found;
  if (!identity.hasRoles(found.user, rule.roles)) return { status: 403, description: FORBIDDEN };
  return { pass: true, user: found.user };
}

module.exports = { judge };
