'use strict';
// A real Node-RED whose flows serve HTTP-in endpoints behind `httpNode`, with the editor behind the factory on the
// same key set: HTTP-in -> function -> HTTP response routes that echo what msg.req.user holds.

const { NodeRed } = require('./node-red');
const { request } = require('./node-red-client');
const { eventually } = require('./eventually');
const fs = require('fs');
const path = require('path');

// The function node's whole view of the caller: what msg.req.user holds, and whether the token got into it.
const ECHO_USER = `
const user = msg.req.user;
const auth = String(msg.req.headers.authorization || '').replace(/^Bearer /, '');
let frozen = null;
if (user) { try { user.claims.sub = 'changed'; } catch (e) {} frozen = user.claims.sub !== 'changed'; }
msg.payload = user ? {
  username: user.username,
  keys: Object.keys(user).sort(),
  groups: user.claims.groups || null,
  holdsToken: auth.length > 0 && JSON.stringify(user).includes(auth),
  frozen,
} : { username: null };
return msg;`;

function route(id, method, url) {
  return [
    { id: `${id}-in`, type: 'http in', z: 'tab', name: '', url, method, upload: false, swaggerDoc: '', wires: [[`${id}-fn`]] },
    { id: `${id}-fn`, type: 'function', z: 'tab', name: '', func: ECHO_USER, outputs: 1, wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'http response', z: 'tab', name: '', statusCode: '', headers: {}, wires: [] },
  ];
}

// The README's example flow (GET /whoami) runs too, so the flow users import is the one tested.
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'http-node', 'flows.json'), 'utf8'));

const FLOWS = [
  ...EXAMPLE,
  { id: 'tab', type: 'tab', label: 'HTTP' },
  ...route('hello', 'get', '/hello'),
  ...route('echo', 'post', '/echo'),
  ...route('health', 'get', '/health'),
  ...route('dash', 'get', '/dashboard-data'),
  ...route('down', 'get', '/down/hello'),
];

/**
 * @param {{version: 3|4|5, jwks: object, audience: string, deadJwksUri: string, mount?: string}} spec
 *   mount: the settings key that gets the middleware (httpNodeMiddleware by default)
 */
async function startFlowsNodeRed({ version, jwks, audience, deadJwksUri, mount = 'httpNodeMiddleware' }) {
  const common = `issuer: ${JSON.stringify(jwks.issuer)}, audience: ${JSON.stringify(audience)}`;
  const prelude = `
const flowsAuth = nodeRedAuthJwt.httpNode({
  jwksUri: ${JSON.stringify(jwks.jwksUri)}, ${common},
  permissionsClaim: 'groups', cookie: 'nr_jwt',
  paths: [{ path: '/health', open: true }, { path: '/dashboard-data', roles: ['nodered-dashboard'] }],
});
// A second instance whose key server is down, for the 503 (a key set, once fetched, stays usable for a day).
const keysDownAuth = nodeRedAuthJwt.httpNode({ jwksUri: ${JSON.stringify(deadJwksUri)}, ${common} });
const flowsMiddleware = (req, res, next) => (req.path.startsWith('/down/') ? keysDownAuth : flowsAuth)(req, res, next);
`;
  const nr = new NodeRed({
    version,
    prelude,
    optionsSource: `{ jwksUri: ${JSON.stringify(jwks.jwksUri)}, ${common}, users: [{ username: 'alice', permissions: '*' }] }`,
    extra: `${mount}: flowsMiddleware,`,
  });
  fs.writeFileSync(path.join(nr.userDir, 'flows.json'), JSON.stringify(FLOWS));
  try {
    await nr.start();
    // The flows start a moment after the editor answers: wait for the open route.
    await eventually(async () => (await request(nr, '/health')).status === 200, 'the flows are deployed', 30000);
  } catch (err) {
    await nr.dispose();
    throw err;
  }
  return nr;
}

module.exports = { startFlowsNodeRed, FLOWS, ECHO_USER };
