'use strict';
// Event-loop delay while a remote key set (lib/jwks.js) is refreshed over and over and the Strategy verifies
// 1000 RS256 tokens a second with it. The key set server runs in a child process on 127.0.0.1, so only the
// client side of each refresh (fetch, parse, the core's validation of the new set) runs on this event loop.

const crypto = require('crypto');
const path = require('path');
const { fork } = require('child_process');
const { ISSUER, AUDIENCE, signRaw } = require('./fixtures');

function startServer(jwk) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'jwks_server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`JWKS server exited with ${code}`)));
    child.once('message', ({ port }) => resolve({ child, port }));
    child.send({ jwk });
  });
}

async function measure({ loopDelay, ms, log }) {
  const { jwks } = require('../lib/jwks');
  const { Strategy, ExtractJwt } = require('..');
  const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'signing', use: 'sig', alg: 'RS256' };
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'user-1234', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600 };
  const token = signRaw('RS256', pair.privateKey, { alg: 'RS256', typ: 'JWT', kid: 'signing' }, claims);
  const server = await startServer(jwk);
  try {
    const provider = jwks({ jwksUri: `http://127.0.0.1:${server.port}/jwks.json` });
    const keySet = provider.keySet;
    const strategy = new Strategy(
      { secretOrKeyProvider: provider, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] },
      (payload, done) => done(null, payload),
    );
    const req = { headers: { authorization: `Bearer ${token}` }, query: {}, body: {} };
    let pending = 0;
    let failed = 0;
    const s = Object.create(strategy);
    s.success = () => pending--;
    s.fail = () => {
      pending--;
      failed++;
    };
    s.error = () => {
      pending--;
      failed++;
    };
    const work = () => {
      pending++;
      s.authenticate(req, { session: false });
    };
    await keySet.reload();
    for (let i = 0; i < 200; i++) work();
    await keySet.whenIdle();
    let refreshes = 0;
    let sets = 0;
    let lastEntry = keySet.entry;
    // A refresh every 50 ms: twenty new key sets a second, far more often than any provider would rotate.
    const refresher = setInterval(() => {
      refreshes++;
      keySet.reload().then(() => {
        if (keySet.entry !== lastEntry) sets++;
        lastEntry = keySet.entry;
      });
    }, 50);
    let r;
    try {
      r = await loopDelay(work, { ms });
    } finally {
      clearInterval(refresher);
    }
    await keySet.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (failed || pending) throw new Error(`${failed} verifications failed, ${pending} never finished`);
    if (sets < refreshes / 2) throw new Error(`only ${sets} of ${refreshes} refreshes replaced the key set`);
    log(`  RS256 + JWKS refresh every 50 ms (${sets} new sets): event-loop delay p99 ${r.p99ms.toFixed(3)} ms, max ${r.maxms.toFixed(3)} ms, one tick's work p99 ${r.heldP99ms.toFixed(3)} ms, at ${r.rate.toFixed(0)} verifications/s`);
    return { what: `Strategy with a remote JWKS, RS256, key set refreshed every 50 ms (${sets} new sets)`, ...r };
  } finally {
    server.child.removeAllListeners('exit');
    server.child.disconnect();
  }
}

module.exports = { measure };
