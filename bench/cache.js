'use strict';
// The verified-token cache figure: the same valid token verified again and again, so every call after the first is
// a hit. Ours is lib/token_cache.js in front of the compiled verifier, as the Node-RED factory uses it; the bar is
// fast-jwt's own cache (cache: true, its default hashed key).

const { ISSUER, AUDIENCE, makeFixture } = require('./fixtures');
const { measure } = require('./harness');
const ours = require('./our_cache');

async function runCache({ method, alg = 'HS256', log = console.log }) {
  const fixture = makeFixture(alg);
  const entries = [];
  const labels = {};

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
  entries.push({ id: 'fast-jwt-cache', run: fjRun, input: fixture.valid });
  labels['fast-jwt-cache'] = 'fast-jwt 6, cache: true';

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
    entries.push({ id, run: built.run, input: fixture.valid, async: !!built.async });
    labels[id] = built.label;
  }

  const results = await measure(entries, { warmupMs: method.roundMs, ...method });
  const out = {};
  for (const [id, r] of results) out[id] = { ...r, label: labels[id] };
  log(`  ${Object.entries(out).map(([id, r]) => `${id} ${(r.opsPerSec / 1e6).toFixed(2)} M/s`).join(', ')}`);
  return out;
}

module.exports = { runCache };
