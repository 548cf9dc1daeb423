'use strict';
// A real OpenID provider and a real Node-RED secured by the factory's code flow, wired to each other: the
// provider starts first (its issuer goes into settings.js), Node-RED second, and then the provider learns
// Node-RED's callback and post-logout addresses, which exist only once Node-RED has its port.

const WebSocket = require('ws');
const { startOidcProvider } = require('./oidc-provider');
const { startNodeRed } = require('./node-red');
const { signInOverHttp, CookieJar } = require('./oidc-login');
const { request, bearer, accessTokenFrom: fromLocation } = require('./node-red-client');

const EDITOR_THEME = "editorTheme: { tours: false, projects: { enabled: false }, palette: { editable: false }, logout: { redirect: nodeRedAuthJwt.logoutRedirect() } },";

/**
 * @param {object} spec
 * @param {string} [spec.clientId] 'nr-public' (default), 'nr-confidential', or a client of spec.provider.clients
 * @param {string} [spec.extraOptions] more factory options, as JavaScript source (", autoLogin: true")
 * @param {object} [spec.provider] options for startOidcProvider
 * @param {object} [spec.op] an already started provider to use
 * @param {3|4|5} [spec.version]
 */
async function startOidcNodeRed(spec = {}) {
  const op = spec.op || (await startOidcProvider(spec.provider || {}));
  const clientId = spec.clientId || 'nr-public';
  const secret = clientId === 'nr-confidential' ? ", clientSecret: 'nr-confidential-secret-0123456789abcdef'" : '';
  const users = spec.users || "[{ username: 'admin', permissions: '*' }, { username: 'reader', permissions: 'read' }]";
  const optionsSource = `{ issuer: ${JSON.stringify(op.issuer)}, discovery: true, clientId: ${JSON.stringify(clientId)}${secret},
    usernameClaim: 'preferred_username', users: ${users}${spec.extraOptions || ''} }`;
  let nr;
  try {
    nr = await startNodeRed({ version: spec.version || 4, optionsSource, prelude: spec.prelude || '', extra: EDITOR_THEME, userDir: spec.userDir });
  } catch (err) {
    if (!spec.op) await op.close();
    throw err;
  }
  const register = () => op.setRedirectUris(clientId, [`${nr.url}/auth/strategy/callback`], [`${nr.url}/`]);
  register();
  return {
    op,
    nr,
    clientId,
    register,
    /** Signs in through the provider's login page; resolves {accessToken, jar, location, result}. */
    async signIn(username, { jar = new CookieJar(), password = `${username}-pass`, stopAt } = {}) {
      const result = await signInOverHttp({ startUrl: `${nr.url}/auth/strategy`, home: nr.url, username, password, jar, stopAt });
      // Node-RED writes the token (or 5.0's code) into the redirect without URL-encoding it: read it raw.
      const location = result.location ? new URL(result.location) : null;
      const home = location && location.origin === nr.url && !location.pathname.startsWith('/auth/');
      const accessToken = home ? await fromLocation(nr, location.search) : null;
      return { accessToken, jar, location: result.location, result };
    },
    async close() {
      await nr.dispose();
      if (!spec.op) await op.close();
    },
  };
}

async function settingsUser(nr, accessToken) {
  const res = await request(nr, '/settings', { headers: { ...bearer(accessToken), 'node-red-api-version': 'v2' } });
  return res.status === 200 ? res.json().user : res.status;
}

const AUTH_ANSWER_MS = 20000;

/**
 * An editor websocket authenticated with a session token and kept open: `authed` resolves to the first answer,
 * `ended` to what the server said last before it closed the socket.
 */
function openComms(nr, accessToken) {
  // Bounded at every step, so a Node-RED that never upgrades or never answers fails the test where it stalls.
  const ws = new WebSocket(`ws://127.0.0.1:${nr.port}/comms`, { handshakeTimeout: 10000 });
  const messages = [];
  let onFirst;
  const authed = new Promise((resolve) => {
    onFirst = resolve;
  });
  const silence = setTimeout(() => onFirst({ noAnswerWithinMs: AUTH_ANSWER_MS }), AUTH_ANSWER_MS);
  authed.then(() => clearTimeout(silence));
  const ended = new Promise((resolve) => {
    ws.on('close', (code) => resolve({ code, messages }));
    ws.on('error', (err) => resolve({ error: err.message, messages }));
  });
  // A socket closed before it answered still settles `authed`, so a test never waits forever.
  ended.then((end) => onFirst({ closedBeforeAnswer: end }));
  ws.on('open', () => ws.send(JSON.stringify({ auth: accessToken })));
  ws.on('message', (data) => {
    let message = JSON.parse(data.toString());
    if (Array.isArray(message)) message = message[0];
    messages.push(message);
    onFirst(message);
  });
  return { ws, authed, ended, close: () => ws.terminate() };
}

module.exports = { startOidcNodeRed, settingsUser, openComms, EDITOR_THEME };
