'use strict';
// Node-RED settings.js from the blog post that started this project, with one line changed: passport-jwt is
// swapped for node-red-auth-jwt. Same options, same verify callback, same users; the token still arrives as
// https://nodered.example.com/auth/strategy?token=<jwt>.
//
// If you write new settings, prefer the one-call factory (examples/pem-query): it also secures the admin API
// and the websocket with the same JWT. This file shows that existing passport-jwt settings keep working.

const fs = require('fs');

// Before: const { Strategy, ExtractJwt } = require('passport-jwt');
const { Strategy, ExtractJwt } = require('node-red-auth-jwt');

const PUBLIC_KEY_FILE = process.env.JWT_PUBLIC_KEY_FILE || '/data/public.pem';

module.exports = {
  flowFile: 'flows.json',
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,

  adminAuth: {
    type: 'strategy',
    strategy: {
      // Node-RED registers the strategy under the instance's name, which is 'jwt' as in passport-jwt.
      name: 'jwt',
      label: 'Sign in with JWT',
      icon: 'fa-key',
      strategy: Strategy,
      options: {
        secretOrKey: fs.readFileSync(PUBLIC_KEY_FILE, 'utf8'),
        jwtFromRequest: ExtractJwt.fromUrlQueryParameter('token'),
        algorithms: ['RS256'],
        verify: function (jwtPayload, done) {
          done(null, { username: jwtPayload.sub });
        },
      },
    },
    // Who may sign in, and with which permissions: a valid token for a name not listed here is refused.
    users: [
      { username: 'alice', permissions: '*' },
      { username: 'bob', permissions: 'read' },
    ],
  },
};
