'use strict';
// Two JWKS soaks.
// measure(): event-loop delay while a remote key set (lib/remote-keys/jwks.js) is refreshed over and over and the Strategy verifies
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
  const { jwks } = require('../lib/remote-keys/jwks');
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

// ---- faultSoak(): `npm run soak:jwks` ------------------------------------------------------------------------
// The provider goes down, turns slow, returns garbage (and every other bad answer), rotates its keys and comes
// back, while tokens are verified all along through the jwks() provider the Strategy uses. Counted: false
// accepts (a forged, unsigned, expired, wrong-audience or random-kid token accepted: must be 0), valid tokens
// accepted and refused per phase, fetches, and any unhandled rejection or exception. A separate key set with
// the default 30 s cooldown measures how soon sign-in resumes after a cold start with the provider down.

const sleep = (msec) => new Promise((resolve) => setTimeout(resolve, msec));

function counter() {
  return { accepted: 0, refused: 0, codes: new Map() };
}

function note(c, result) {
  if (result instanceof Error) {
    c.refused += 1;
    c.codes.set(result.code, (c.codes.get(result.code) || 0) + 1);
  } else {
    c.accepted += 1;
  }
}

/**
 * @param {{scale?: number, coldDownMs?: number, log?: Function}} options `scale` shortens every phase (1 = full);
 *   `coldDownMs` is how long the provider is down at the cold start.
 */
async function faultSoak({ scale = 1, coldDownMs = 5000, log = console.log } = {}) {
  const { startJwksServer, SigningKey } = require('../__test__/support/jwks-server');
  const { jwks } = require('../lib/remote-keys/jwks');
  const { verify } = require('../lib/verification/verify');

  const problems = [];
  const onRejection = (reason) => problems.push(`unhandled rejection: ${reason && reason.stack}`);
  const onException = (err) => problems.push(`uncaught exception: ${err && err.stack}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const server = await startJwksServer({ keys: [['key-1', 'ES256']] });
  const attacker = new SigningKey('key-1', 'ES256'); // never published; reuses the published kid
  const audience = 'node-red';
  const options = { audience, algorithms: ['ES256', 'RS256'] };
  const now = () => Math.floor(Date.now() / 1000);
  const report = { phases: [], falseAccepts: 0, verifications: 0, problems };

  /** What the Strategy does with a secretOrKeyProvider: ask it for the key, then verify with it. */
  const check = (provider, token) => new Promise((resolve) => {
    provider({}, token, (err, key) => {
      if (err) return resolve(err);
      try {
        return resolve(verify(token, key, options));
      } catch (e) {
        return resolve(e);
      }
    });
  });

  // Tokens that must never verify, whatever the provider does.
  const hostile = () => {
    const payload = { sub: 'mallory', aud: audience, exp: now() + 600 };
    const current = server.key('key-2') || server.key('key-1'); // a published key signs the expired and wrong-aud ones
    return [
      attacker.sign(payload),
      attacker.sign(payload, { kid: crypto.randomBytes(8).toString('hex') }),
      current ? current.sign({ ...payload, exp: now() - 120 }) : attacker.sign(payload),
      current ? current.sign({ ...payload, aud: 'someone-else' }) : attacker.sign(payload),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`,
    ];
  };

  async function phase(name, provider, ms, { validKids = ['key-1'], setup } = {}) {
    if (setup) await setup();
    const started = Date.now();
    const fetchesBefore = server.fetches();
    const valid = counter();
    let hostileCount = 0;
    let falseAccepts = 0;
    while (Date.now() - started < ms) {
      const batch = [];
      for (const kid of validKids) {
        const key = server.key(kid);
        if (key) batch.push(check(provider, key.sign({ sub: 'alice', aud: audience, exp: now() + 600 })).then((r) => note(valid, r)));
      }
      for (const token of hostile()) {
        hostileCount += 1;
        batch.push(check(provider, token).then((r) => {
          if (!(r instanceof Error)) falseAccepts += 1;
        }));
      }
      await Promise.all(batch);
      report.verifications += batch.length;
      await sleep(10);
    }
    const entry = {
      name,
      seconds: (Date.now() - started) / 1000,
      fetches: server.fetches() - fetchesBefore,
      validAccepted: valid.accepted,
      validRefused: valid.refused,
      refusalCodes: Object.fromEntries(valid.codes),
      hostile: hostileCount,
      falseAccepts,
    };
    report.falseAccepts += falseAccepts;
    report.phases.push(entry);
    const codes = Object.entries(entry.refusalCodes).map(([c, n]) => `${c} ${n}`).join(', ');
    log(`  ${name.padEnd(44)} ${entry.seconds.toFixed(1).padStart(5)} s  fetches ${String(entry.fetches).padStart(3)}  valid accepted ${String(entry.validAccepted).padStart(4)}, refused ${String(entry.validRefused).padStart(4)}${codes ? ` (${codes})` : ''}  hostile ${entry.hostile}, false accepts ${falseAccepts}`);
    return entry;
  }

  try {
    log(`JWKS fault soak (scale ${scale})`);
    // 1. Cold start with the provider down, default options (30 s cooldown): how soon does sign-in resume?
    server.setMode('down');
    const cold = jwks({ jwksUri: server.jwksUri });
    await phase(`cold start, provider down ${coldDownMs} ms`, cold, coldDownMs);
    server.setMode('ok');
    const back = Date.now();
    const token = server.key('key-1').sign({ sub: 'alice', aud: audience, exp: now() + 3600 });
    let attempts = 0;
    while (await check(cold, token) instanceof Error) {
      attempts += 1;
      if (Date.now() - back > 60_000) throw new Error('no recovery within 60 s of the provider coming back');
      await sleep(20);
    }
    report.coldRecoveryMs = Date.now() - back;
    report.coldFetches = server.fetches();
    log(`  cold start: signed in ${report.coldRecoveryMs} ms after the provider came back (${attempts} refused tries in between; ${report.coldFetches} fetches in all; cooldown ${cold.keySet.options.cooldown} ms)`);

    // 2. A live key set with short intervals, so each fault and its recovery fit in a few seconds.
    const cooldown = 1000 * scale;
    // maxAge outlasts the whole run of faults below (14 units), so the cached set carries sign-in through them.
    const live = jwks({ jwksUri: server.jwksUri, cooldown, cacheMaxAge: 2 * cooldown, maxAge: 20 * cooldown, timeout: 300 });
    const s = (n) => n * 1000 * scale;
    await phase('provider up', live, s(2));
    await phase('provider down (the cached set is used)', live, s(3), { setup: () => server.setMode('down') });
    await phase('provider slow (2 s, timeout 300 ms)', live, s(3), { setup: () => server.setMode('slow', 2000) });
    for (const mode of ['garbage', 'not-a-set', 'empty', 'huge', 'status500', 'redirect', 'private', 'oct']) {
      await phase(`provider answers ${mode}`, live, s(1), { setup: () => server.setMode(mode) });
    }
    await phase('provider back', live, s(2), { setup: () => server.setMode('ok') });
    await phase('key rotation: key-2 added', live, s(3), {
      validKids: ['key-1', 'key-2'],
      setup: () => server.addKey('key-2', 'ES256'),
    });
    await phase('key rotation: key-1 removed', live, s(3), { validKids: ['key-2'], setup: () => server.removeKey('key-1') });
    await phase('provider down past maxAge (set expires)', live, s(26), { validKids: ['key-2'], setup: () => server.setMode('down') });
    await phase('provider back after expiry', live, s(3), { validKids: ['key-2'], setup: () => server.setMode('ok') });
    const last = report.phases[report.phases.length - 1];
    report.recovered = last.validAccepted > 0;
    log(`  total: ${report.verifications} verifications, ${report.falseAccepts} false accepts, ${problems.length} unhandled errors, ${server.fetches()} fetches`);
    for (const p of problems) log(`  ${p}`);
    return report;
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    await server.stop();
  }
}

module.exports = { measure, faultSoak };

if (require.main === module) {
  faultSoak().then(
    (r) => {
      const ok = r.falseAccepts === 0 && r.problems.length === 0 && r.recovered;
      if (!ok) console.log('JWKS fault soak: FAILED');
      process.exitCode = ok ? 0 : 1;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
