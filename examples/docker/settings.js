'use strict';
// settings.js for the images built by Dockerfile / Dockerfile.source: /data/settings.js, key in /data/public.pem.
// Make the key pair where you sign tokens:   npx node-red-auth-jwt keygen --out ./jwt   (copy jwt/public.pem here)
// Sign a token:   npx node-red-auth-jwt token --key jwt/private.pem --sub alice --iss home-lab --aud node-red --exp 10m
// Then open http://<host>:1880/auth/strategy?token=<the token>

const fs = require('fs');

module.exports = {
  flowFile: 'flows.json',
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,
  // Answers 400 to requests that would otherwise end Node-RED (an object sent as access_token; SECURITY.md).
  httpAdminMiddleware: require('node-red-auth-jwt').guard(),
  adminAuth: require('node-red-auth-jwt')({
    // Read at start-up: a missing key stops Node-RED with a clear error instead of starting without sign-in.
    publicKey: fs.readFileSync(process.env.JWT_PUBLIC_KEY_FILE || '/data/public.pem', 'utf8'),
    algorithms: ['EdDSA'],
    issuer: 'home-lab',
    audience: 'node-red',
    users: [
      { username: 'alice', permissions: '*' },
      { username: 'bob', permissions: 'read' },
    ],
  }),
};
