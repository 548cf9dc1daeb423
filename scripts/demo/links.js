'use strict';
// The text the demo prints once everything runs: where to sign in and with which account, what happens on
// sign-out and when the token ends, a curl line for the admin API with a JWT, and how to get more tokens.

const { signJwt } = require('../../lib/cli/sign-jwt');

const API_TOKEN_LIFETIME_S = 600;

/**
 * @param {{base: string, idp: object, privateKeyRelative: string, cliRelative: string, now?: number}} opts
 *   base is Node-RED's address ending in "/"; idp is startIdentityProvider()'s answer; paths are only shown
 * @returns {string}
 */
function usageText({ base, idp, privateKeyRelative, cliRelative, now = Math.floor(Date.now() / 1000) }) {
  // Signed with the provider's key and claims, so Node-RED takes it as one of the provider's tokens.
  const api = signJwt({ sub: 'admin', iss: idp.issuer, aud: idp.clientId, iat: now, exp: now + API_TOKEN_LIFETIME_S }, idp.privateKey, { kid: idp.keyId });
  const width = Math.max(...idp.accounts.map((a) => a.login.length));
  const ttl = idp.idTokenTTL % 60 === 0 ? `${idp.idTokenTTL / 60} minute${idp.idTokenTTL === 60 ? '' : 's'}` : `${idp.idTokenTTL} seconds`;
  return [
    `Open ${base} and click "Sign in": the provider's page asks who you are. The accounts:`,
    ...idp.accounts.map((a) => `  ${a.login.padEnd(width)}  password ${a.password}  (permissions "${a.permissions}": ${a.what})`),
    '',
    'Sign-out (the menu at the top right) ends the provider session too: the next sign-in asks again.',
    `ID tokens live ${ttl} in this demo. Node-RED renews the session with the refresh token while your provider`,
    'session lasts (an hour), and ends it when its token ends without a renewal. To watch that, end only the',
    `provider session: open ${idp.issuer}/session/end, and within ${ttl} the editor asks you to sign in again.`,
    '',
    `Read the flows through the admin API with a JWT, no sign-in needed (valid ${API_TOKEN_LIFETIME_S / 60} minutes):`,
    `  curl -H "Authorization: Bearer ${api}" ${base}flows`,
    '',
    "More tokens, signed with the demo provider's key:",
    `  node ${cliRelative} token --key ${privateKeyRelative} --kid ${idp.keyId} --sub admin --aud ${idp.clientId} --iss ${idp.issuer} --exp 10m`,
    '',
  ].join('\n');
}

module.exports = { usageText, API_TOKEN_LIFETIME_S };
