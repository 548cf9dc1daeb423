'use strict';
// Fresh demo tokens and the text that shows how to use them: sign-in links and a curl line for the admin API.

const { signJwt } = require('../../lib/cli/sign_jwt');
const { DEMO_ISSUER, DEMO_AUDIENCE } = require('./settings_file');

const TOKEN_LIFETIME_S = 600;

function demoToken(privateKey, username, nowSeconds) {
  return signJwt({ sub: username, iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, iat: nowSeconds, exp: nowSeconds + TOKEN_LIFETIME_S }, privateKey);
}

/**
 * @param {{base: string, privateKey: string, privateKeyRelative: string, cliRelative: string, now?: number}} opts
 *   base is Node-RED's address ending in "/"; the relative paths are only shown
 * @returns {string} the text the demo prints once Node-RED is up
 */
function usageText({ base, privateKey, privateKeyRelative, cliRelative, now = Math.floor(Date.now() / 1000) }) {
  const admin = demoToken(privateKey, 'admin', now);
  const reader = demoToken(privateKey, 'reader', now);
  const api = demoToken(privateKey, 'admin', now);
  const minutes = TOKEN_LIFETIME_S / 60;
  return [
    `Sign in as admin (permissions "*"), link valid for ${minutes} minutes:`,
    `  ${base}auth/strategy?token=${admin}`,
    '',
    `Sign in as reader (permissions "read", a read-only editor), link valid for ${minutes} minutes:`,
    `  ${base}auth/strategy?token=${reader}`,
    '',
    'Read the flows through the admin API with a JWT, no sign-in needed:',
    `  curl -H "Authorization: Bearer ${api}" ${base}flows`,
    '',
    'More tokens:',
    `  node ${cliRelative} token --key ${privateKeyRelative} --sub admin --aud ${DEMO_AUDIENCE} --iss ${DEMO_ISSUER} --exp 10m`,
    '',
  ].join('\n');
}

module.exports = { usageText, demoToken, TOKEN_LIFETIME_S };
