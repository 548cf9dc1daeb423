'use strict';
// Node-RED settings.js: Node-RED permissions taken from a roles (or groups) claim in the token, so that who
// may do what is managed in one place, the identity provider, with no user list in Node-RED.
//
// A token such as {"sub": "carol", "groups": ["nodered-admins"], "iss": ..., "aud": ...} signs carol in
// with full access; "nodered-viewers" gives a read-only editor; a token whose groups map to nothing is
// refused ("Token grants no Node-RED permissions"), even though its signature is good.
//
// Try it without a provider:
//   npx node-red-auth-jwt keygen --alg ES256 --out ./jwt
//   npx node-red-auth-jwt token --key jwt/private.pem --sub carol --iss home-lab --aud node-red \
//       --claim 'groups=["nodered-viewers"]'
//
// Where providers put roles (use the path as permissionsClaim; dotted paths reach nested claims):
//   Keycloak realm roles: "realm_access.roles" (enable "Add to ID token" on the realm roles mapper if you
//   sign in with the ID token); Microsoft Entra ID app roles: "roles"; Authentik, Authelia, oauth2-proxy:
//   "groups"; Auth0: a namespaced custom claim such as "https://nodered.example.com/roles".

const fs = require('fs');

const PUBLIC_KEY_FILE = process.env.JWT_PUBLIC_KEY_FILE || '/data/jwt/public.pem';

module.exports = {
  flowFile: 'flows.json',
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,

  adminAuth: require('node-red-auth-jwt')({
    publicKey: fs.readFileSync(PUBLIC_KEY_FILE, 'utf8'),
    issuer: 'home-lab',
    audience: 'node-red',
    // The claim to read, and what each of its values is worth in Node-RED. Values not in the map grant
    // nothing; several mapped values add up ("*" wins). The map is the whole policy: there is no `users`
    // list, so any name the provider vouches for may sign in, with exactly the permissions its roles give.
    permissionsClaim: 'groups',
    roles: {
      'nodered-admins': '*',
      'nodered-editors': ['flows.read', 'flows.write', 'nodes.read', 'context.read', 'settings.read', 'library.read', 'library.write'],
      'nodered-viewers': 'read',
    },
    // The name shown in the editor. "sub" is the default; with Keycloak "preferred_username" reads better
    // than its opaque ids.
    usernameClaim: 'sub',
    label: 'Sign in with your provider token',
    // Permissions are captured at sign-in; a role removed at the provider takes effect at the next sign-in.
    // Keep sessions short so that is soon.
    sessionExpiryTime: 8 * 60 * 60,
  }),
};
