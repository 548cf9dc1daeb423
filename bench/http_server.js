'use strict';
// Child process for the HTTP figure: Express 5 + passport 0.7 protecting one route with one strategy (or none,
// for the ceiling). Listens on 127.0.0.1 port 0 and reports the port to the parent over IPC.
// The parent sends: { mode: 'none'|'ours'|'pj-string'|'pj-keyobject', alg, key, issuer, audience }.

const crypto = require('crypto');
const express = require('express');
const passport = require('passport');

function strategyFor({ mode, alg, key, issuer, audience }) {
  const verify = (payload, done) => done(null, payload);
  const common = { issuer, audience, algorithms: [alg] };
  if (mode === 'ours') {
    const { Strategy, ExtractJwt } = require('..');
    return new Strategy({ ...common, secretOrKey: key, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() }, verify);
  }
  const { Strategy, ExtractJwt } = require('passport-jwt');
  let secretOrKey = key;
  if (mode === 'pj-keyobject') {
    secretOrKey = key.includes('-----BEGIN') ? crypto.createPublicKey(key) : crypto.createSecretKey(Buffer.from(key));
  }
  return new Strategy({ ...common, secretOrKey, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() }, verify);
}

function start(config) {
  const app = express();
  app.disable('x-powered-by');
  const handler = (req, res) => res.json({ ok: true, user: req.user ? req.user.sub : 'anonymous' });
  if (config.mode === 'none') {
    app.get('/api/flows', handler);
  } else {
    const pp = new passport.Passport();
    pp.use('jwt', strategyFor(config));
    app.use(pp.initialize());
    app.get('/api/flows', pp.authenticate('jwt', { session: false }), handler);
  }
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
}

process.once('message', start);
