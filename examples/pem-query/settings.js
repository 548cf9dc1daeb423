'use strict';
// Node-RED settings.js: JWT sign-in with your own key pair and no identity provider (the blog post's setup).
//
// 1. Make a key pair once, where you sign tokens (not necessarily on the Node-RED machine):
//      npx node-red-auth-jwt keygen --out ./jwt          -> jwt/private.pem (secret), jwt/public.pem
//    Copy only public.pem next to Node-RED (in the official Docker image: /data/jwt/public.pem).
// 2. Sign a token for a user listed below:
//      npx node-red-auth-jwt token --key jwt/private.pem --sub alice --iss home-lab --aud node-red --exp 10m
// 3. Open  https://nodered.example.com/auth/strategy?token=<the token>  to get an editor session, or call the
//    admin API with the same token:  curl -H "Authorization: Bearer <the token>" https://nodered.example.com/flows
//
// Install the package where Node-RED looks for modules (in Docker: cd /data && npm install node-red-auth-jwt).

const fs = require('fs');

// Only the public key lives here: whoever can read this file can verify tokens, not make them.
const PUBLIC_KEY_FILE = process.env.JWT_PUBLIC_KEY_FILE || '/data/jwt/public.pem';

module.exports = {
  flowFile: 'flows.json',
  // Without it Node-RED invents a key and stores it beside the flows; set your own so a restore works.
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,

  // Answers 400 to requests that would otherwise end Node-RED (an object sent as access_token; SECURITY.md).
  httpAdminMiddleware: require('node-red-auth-jwt').guard(),

  adminAuth: require('node-red-auth-jwt')({
    // Read at start-up: a missing or unreadable file stops Node-RED with the path in the error, instead of
    // starting with sign-in broken.
    publicKey: fs.readFileSync(PUBLIC_KEY_FILE, 'utf8'),
    // keygen makes an Ed25519 key (EdDSA). Pin the algorithm you use: ES256 or RS256 if you chose another --alg.
    algorithms: ['EdDSA'],
    // A token signed for something else with the same key (another app, another Node-RED) is not accepted here.
    issuer: 'home-lab',
    audience: 'node-red',
    // The allow-list: a valid token for a name not listed here still cannot sign in. Permissions come from
    // this list, not from the token.
    users: [
      { username: 'alice', permissions: '*' },
      { username: 'bob', permissions: 'read' },
    ],
    // The blog post's link carries the token as ?token=...; this is the default, written out to show where it
    // comes from. Rename it if something in front of Node-RED already uses "token".
    tokenQueryParameter: 'token',
    label: 'Sign in with a token link',
    // An editor session lasts one day; after that, open a fresh link. (Node-RED's default is one week.)
    sessionExpiryTime: 24 * 60 * 60,
  }),
};
