'use strict';
// The verified-token cache figure: the same valid token verified again and again, so every call after the first is
// a hit. Ours is lib/node-red/token-cache.js in front of the compiled verifier, as the Node-RED factory uses it; the bar is
// fast-jwt's own cache (cache: true, its default hashed key).
//
// Each path runs twice: with one string object reused (V8 then remembers the string's hash, which flatters any
// Map-keyed cache), and with a fresh string per call, cut from the Authorization header text as an extractor
// does for each request. The fresh-string figure is the realistic one and the one the targets use.

const { ISSUER, AUDIENCE, makeFixture } = require('./fixtures');
const { measure } = require('./harness');
const ours = require('./our_cache');

const BEARER = 'Bearer ';

async function runCache({ method, alg = 'HS256', log = console.log }) {
  const fixture = makeFixture(alg);
  const header = `${BEARER}${fixture.valid}`;
  const paths = [];

  const { createVerifier } = require('fast-jwt');
  const fj = createVerifier({ key: fixture.keys.verifyString, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE, cache: true });
  const fjRun = (token) => {
    try {
      fj(token);
      return true;
    } catch {
      return false;
    }
  };
  paths.push({ id: 'fast-jwt-cache', run: fjRun, label: 'fast-jwt 6, cache: true' });

  for (const [id, built] of [
    ['ours', ours.build(fixture)],
    ['ours-admin-tokens', ours.buildAdminTokens(fixture)],
  ]) {
    if (built.error) {
      log(`  ${id}: not measured (${built.error})`);
      continue;
    }
    // Same acceptance rules as the main table: the cache must not turn a bad token into a good one.
    for (const [name, token] of Object.entries(fixture.bad)) {
      if (await built.run(token)) throw new Error(`${id} accepted the ${name} token`);
    }
    if (!(await built.run(fixture.valid))) throw new Error(`${id} rejected the valid token`);
    paths.push({ id, run: built.run, async: !!built.async, label: built.label });
  }

  const entries = [];
  for (const p of paths) {
    entries.push({ id: `${p.id}/same`, run: p.run, input: fixture.valid, async: p.async });
    const fresh = p.async ? (h) => p.run(h.slice(BEARER.length)) : (h) => p.run(h.slice(BEARER.length));
    entries.push({ id: `${p.id}/fresh`, run: fresh, input: header, async: p.async });
  }
  const results = await measure(entries, { warmupMs: method.roundMs, ...method });
  const out = {};
  for (const p of paths) {
    out[p.id] = { label: p.label, same: results.get(`${p.id}/same`), fresh: results.get(`${p.id}/fresh`) };
  }
  log(`  ${Object.entries(out).map(([id, r]) => `${id} ${(r.fresh.opsPerSec / 1e6).toFixed(2)} M/s (same string ${(r.same.opsPerSec / 1e6).toFixed(2)} M/s)`).join(', ')}`);
  return out;
}

module.exports = { runCache };
