'use strict';
// Renders the demo's settings.js: a plain Node-RED settings file whose adminAuth comes from the factory,
// exactly as a user would write it, except that the package is required by absolute path (the demo runs
// from the checkout, where `require('node-red-auth-jwt')` would not resolve from the demo folder).

const DEMO_ISSUER = 'node-red-auth-jwt-demo';
const DEMO_AUDIENCE = 'node-red-demo';
const DEMO_USERS = [
  { username: 'admin', permissions: '*' },
  { username: 'reader', permissions: 'read' },
];

/**
 * @param {{projectDir: string, publicKeyPath: string, port: number}} opts absolute paths
 * @returns {string} the file's text
 */
function renderSettings({ projectDir, publicKeyPath, port }) {
  const lit = (value) => JSON.stringify(value); // paths may hold quotes or backslashes
  return `'use strict';
// Written by \`npm start\` (scripts/demo.js) on every start; edit scripts/demo/settings_file.js instead.
// Node-RED on 127.0.0.1 only, its editor and admin API secured by node-red-auth-jwt with a demo key pair.

const fs = require('fs');

module.exports = {
  uiHost: '127.0.0.1', // the demo signs its own tokens: never expose it beyond this machine
  uiPort: ${port},
  flowFile: 'flows.json',
  telemetry: { enabled: false, updateNotification: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  editorTheme: { tours: false },

  adminAuth: require(${lit(projectDir)})({
    publicKey: fs.readFileSync(${lit(publicKeyPath)}, 'utf8'),
    algorithms: ['EdDSA'],
    issuer: ${lit(DEMO_ISSUER)},
    audience: ${lit(DEMO_AUDIENCE)},
    // The allow-list: only these names may sign in, with these Node-RED permissions.
    users: ${JSON.stringify(DEMO_USERS)},
    label: 'Sign in with a demo JWT',
    sessionExpiryTime: 3600,
  }),
};
`;
}

module.exports = { renderSettings, DEMO_ISSUER, DEMO_AUDIENCE, DEMO_USERS };
