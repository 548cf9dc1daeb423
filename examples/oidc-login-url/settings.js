'use strict';
// Node-RED settings.js: sign in through an OpenID Connect provider (Keycloak here; Auth0 below). The login
// button, or autoLogin, sends the browser to the provider (loginURL); the provider sends it back to
// Node-RED's callback with a signed ID token, which node-red-auth-jwt verifies against the provider's keys.
//
// Provider set-up (Keycloak, realm "home"): a client "node-red" with "Implicit flow" enabled (the ID token
// comes straight back, no client secret needed on this side), the valid redirect URI
//   https://nodered.example.com/auth/strategy/callback
// and https://nodered.example.com/ as a valid post logout redirect URI.
// Auth0 instead: an application with the "Implicit" grant and the same callback URL; then
//   ISSUER "https://YOUR-TENANT.auth0.com/" (with the slash), jwksUri `${ISSUER}.well-known/jwks.json`,
//   loginURL `${ISSUER}authorize?` + the same parameters as below, usernameClaim 'email' with
//   scope "openid email", and logout `${ISSUER}v2/logout?client_id=...&returnTo=...`.

const ISSUER = process.env.OIDC_ISSUER || 'https://sso.example.com/realms/home';
const CLIENT_ID = process.env.OIDC_CLIENT_ID || 'node-red';
// Node-RED's address as the browser sees it (behind the reverse proxy), ending in "/".
const BASE_URL = process.env.NODE_RED_BASE_URL || 'https://nodered.example.com/';

const loginURL =
  `${ISSUER}/protocol/openid-connect/auth?client_id=${encodeURIComponent(CLIENT_ID)}` +
  // An ID token, POSTed back as a form: a token must never travel in a URL the provider builds.
  '&response_type=id_token&response_mode=form_post&scope=openid%20profile' +
  // {redirect} becomes BASE_URL + "auth/strategy/callback", URL-encoded. {state} becomes a one-time value bound
  // to this browser (a sealed cookie) and checked on the way back (login CSRF); {nonce} one that the ID token
  // must carry, so a token taken from elsewhere cannot be posted into this sign-in.
  '&redirect_uri={redirect}&state={state}&nonce={nonce}';

module.exports = {
  flowFile: 'flows.json',
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,

  // The provider's form POST is a cross-site request. The browser only sends the sealed sign-in cookie with
  // it when that cookie is SameSite=None, which needs Secure, which needs HTTPS: with an https BASE_URL the
  // factory sets it so. Behind a TLS-terminating proxy (Traefik, nginx, Caddy) Node-RED sees plain HTTP;
  // trusting the one proxy in front makes it honour X-Forwarded-Proto: https.
  httpServerOptions: { 'trust proxy': 1 },
  // Signing out of Node-RED also ends the provider's session, or the next sign-in would be silent.
  editorTheme: {
    logout: {
      redirect: `${ISSUER}/protocol/openid-connect/logout?client_id=${encodeURIComponent(CLIENT_ID)}` +
        `&post_logout_redirect_uri=${encodeURIComponent(BASE_URL)}`,
    },
  },

  adminAuth: require('node-red-auth-jwt')({
    // The provider rotates its keys; fetch them from its key set (cached, refreshed on an unknown kid).
    jwksUri: `${ISSUER}/protocol/openid-connect/certs`,
    algorithms: ['RS256'],
    issuer: ISSUER,
    // An ID token is addressed to the client: its aud is the client id.
    audience: CLIENT_ID,
    // Keycloak's sub is an opaque id; show and match the login name instead.
    usernameClaim: 'preferred_username',
    users: [
      { username: 'alice', permissions: '*' },
      { username: 'bob', permissions: 'read' },
    ],
    baseURL: BASE_URL,
    loginURL,
    // form_post answers with a POST whose body field is "id_token" (and "state").
    callbackMethod: 'POST',
    tokenQueryParameter: 'id_token',
    label: 'Sign in with Keycloak',
    icon: 'fa-sign-in',
    // Skip the login dialog and go straight to the provider (after a failed sign-in the dialog shows why).
    autoLogin: true,
    // Scripts can call the admin API with a token from the same provider, as "Authorization: Bearer <jwt>";
    // it passes the same issuer and audience checks (in Keycloak, add an audience mapper for "node-red" to
    // access tokens).
    sessionExpiryTime: 8 * 60 * 60,
  }),
};
