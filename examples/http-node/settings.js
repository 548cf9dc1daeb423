// settings.js: the editor and the flows' HTTP-in endpoints behind the same key pair.
// Make the keys with `npx node-red-auth-jwt keygen`, then import flows.json (GET /whoami) and call it with
//   TOKEN=$(npx node-red-auth-jwt token --key private.pem --sub alice --aud node-red-flows --claim 'groups=["admins"]')
//   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:1880/whoami
const fs = require('fs');
const path = require('path');
const nodeRedAuthJwt = require('node-red-auth-jwt');

const publicKey = fs.readFileSync(path.join(__dirname, 'public.pem'), 'utf8');

module.exports = {
  flowFile: 'flows.json',
  adminAuth: nodeRedAuthJwt({ publicKey, audience: 'node-red', users: [{ username: 'alice', permissions: '*' }] }),
  httpNodeMiddleware: nodeRedAuthJwt.httpNode({
    publicKey,
    audience: 'node-red-flows',
    permissionsClaim: 'groups',
    paths: [{ path: '/health', open: true }, { path: '/admin', roles: ['admins'] }],
  }),
};
