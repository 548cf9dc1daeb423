'use strict';
// The demo's identity provider: the same oidc-provider the tests use (./oidc-provider.js), on 127.0.0.1, with
// two accounts and one client registered for the demo's Node-RED. Everything but its signing key lives in
// memory and is gone when the demo stops.
//
// The admin API line of the demo needs a JWT that Node-RED accepts without a browser. With `discovery: true`
// Node-RED trusts only the keys the provider publishes, so the demo keeps the provider's signing key in
// DEMO_DIR: `node-red-auth-jwt token --key` then signs with the provider's own key (iss = the provider, aud =
// the client), exactly as the provider would, and the CLI line it prints keeps working for as long as the
// demo runs. (oidc-provider has no non-interactive grant that yields a user's ID token.)
//
// Node-RED and the provider share the host 127.0.0.1, and browsers keep cookies per host, not per port; their
// cookie names differ (the provider's _session and _interaction*, Node-RED's nr-auth-jwt-*), so neither
// overwrites the other's.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { generatePemKeyPair, writeKeyPair } = require('../../lib/cli/keygen');
const { startOidcProvider, PLACEHOLDER_URI } = require('./oidc-provider');

const HOST = '127.0.0.1';
const CLIENT_ID = 'node-red';
const KEY_ID = 'demo-provider-key';
// Short, so that "the session ends with the token" can be watched: Node-RED renews the session with the refresh
// token before the ID token ends, for as long as the provider allows (its session lasts an hour).
const ID_TOKEN_TTL_S = 120;
// Fits the sessions' renewal (which needs a few seconds) and stays below the provider session's hour.
const MIN_TTL_S = 5;
const MAX_TTL_S = 3600;

const DEMO_ACCOUNTS = [
  { login: 'admin', permissions: '*', what: 'deploys' },
  { login: 'reader', permissions: 'read', what: 'a read-only editor' },
];

// The provider's key is kept between runs (like the old demo key): tokens minted by an earlier CLI line are
// still signed by the key the provider publishes. Its issuer (the port) may change, which they must match.
function ensureSigningKey(keyDir) {
  const privatePath = path.join(keyDir, 'private.pem');
  let pem = fs.existsSync(privatePath) ? fs.readFileSync(privatePath, 'utf8') : null;
  if (pem === null || crypto.createPrivateKey(pem).asymmetricKeyType !== 'rsa') {
    writeKeyPair(keyDir, generatePemKeyPair('RS256'), { force: true });
    pem = fs.readFileSync(privatePath, 'utf8');
  }
  return { privatePath, privateKey: pem };
}

// A fresh password per start: the provider listens on 127.0.0.1, where other users of this machine could reach it.
function password() {
  return crypto.randomBytes(9).toString('base64url');
}

/**
 * @param {{keyDir: string, port?: number, idTokenTTL?: number}} opts port 0 (default) picks a free one
 * @returns {Promise<{op: object, issuer: string, clientId: string, keyId: string, privatePath: string,
 *   privateKey: string, accounts: {login: string, password: string, permissions: string, what: string}[],
 *   idTokenTTL: number, register: (nodeRedBase: string) => void}>}
 */
async function startIdentityProvider({ keyDir, port = 0, idTokenTTL = ID_TOKEN_TTL_S }) {
  if (!Number.isInteger(idTokenTTL) || idTokenTTL < MIN_TTL_S || idTokenTTL > MAX_TTL_S) {
    throw new Error(`DEMO_ID_TOKEN_TTL (the ID token lifetime) must be ${MIN_TTL_S} to ${MAX_TTL_S} seconds (got ${idTokenTTL})`);
  }
  const key = ensureSigningKey(keyDir);
  const accounts = DEMO_ACCOUNTS.map((a) => ({ ...a, password: password() }));
  const op = await startOidcProvider({
    host: HOST,
    port,
    name: 'demo identity provider',
    hint: 'The passwords are in the output of "npm start".',
    signingKey: key.privateKey,
    keyId: KEY_ID,
    idTokenTTL,
    accounts: Object.fromEntries(accounts.map((a) => [a.login, {
      password: a.password,
      claims: { sub: a.login, preferred_username: a.login, email: `${a.login}@example.test`, email_verified: true },
    }])),
    // A public client with PKCE (no secret to keep): what Node-RED's editor sign-in needs.
    clients: [{
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [PLACEHOLDER_URI],
    }],
  });
  return {
    op,
    issuer: op.issuer,
    clientId: CLIENT_ID,
    keyId: KEY_ID,
    ...key,
    accounts,
    idTokenTTL,
    /** Node-RED's port is known only once it listens; then the provider learns where to send the browser back. */
    register(nodeRedBase) {
      op.setRedirectUris(CLIENT_ID, [`${nodeRedBase}auth/strategy/callback`], [nodeRedBase]);
    },
  };
}

module.exports = { startIdentityProvider, CLIENT_ID, KEY_ID, ID_TOKEN_TTL_S };
