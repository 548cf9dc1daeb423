'use strict';
// Renders the demo's settings.js: the file a user copies for their own provider. A plain Node-RED settings file
// whose adminAuth comes from the factory in its three-option form (issuer, discovery, clientId), with comments
// on what to change. One difference from a user's file: the package is required by absolute path (the demo runs
// from the checkout, where `require('node-red-auth-jwt')` would not resolve from the demo folder).

const DEMO_USERS = [
  { username: 'admin', permissions: '*' },
  { username: 'reader', permissions: 'read' },
];

/**
 * @param {{projectDir: string, issuer: string, clientId: string}} opts
 * @returns {string} the file's text
 */
function renderSettings({ projectDir, issuer, clientId }) {
  const lit = (value) => JSON.stringify(value); // paths may hold quotes or backslashes
  return `'use strict';
// Written by \`npm start\` (scripts/demo.js) on every start; edit scripts/demo/settings_file.js instead.
// Node-RED's editor and admin API, signed in through an OpenID provider with node-red-auth-jwt.
// To use it with your own provider, copy it and change the lines marked "CHANGE".

// CHANGE: require('node-red-auth-jwt') once it is installed in your Node-RED user directory.
const nodeRedAuthJwt = require(${lit(projectDir)});

module.exports = {
  uiHost: '127.0.0.1', // CHANGE (or remove) to serve beyond this machine; then use https in front of Node-RED
  flowFile: 'flows.json',
  telemetry: { enabled: false, updateNotification: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },

  adminAuth: nodeRedAuthJwt({
    // CHANGE: your provider's issuer: the address before /.well-known/openid-configuration.
    issuer: ${lit(issuer)},
    discovery: true,
    // CHANGE: the client you registered for Node-RED at the provider, with the redirect URI
    // <your Node-RED address>/auth/strategy/callback and the post-logout redirect URI <your Node-RED address>/.
    clientId: ${lit(clientId)},
    // clientSecret: '...', // for a confidential client (better kept in an environment variable)
    // usernameClaim: 'preferred_username', // where your provider's "sub" is an opaque id (default: 'sub')
    // CHANGE: who may sign in, with which Node-RED permissions; anyone else is refused.
    users: ${JSON.stringify(DEMO_USERS)},
    label: 'Sign in', // the text of the button on Node-RED's login page
  }),
  // Sign-out in the editor also ends the session at the provider.
  editorTheme: { tours: false, logout: { redirect: nodeRedAuthJwt.logoutRedirect() } },
};
`;
}

module.exports = { renderSettings, DEMO_USERS };
