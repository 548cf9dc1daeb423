'use strict';
// The side-by-side verification table: every contender, every algorithm, in this one process.

const { ALGS, makeFixture } = require('./fixtures');
const { contenders } = require('./contenders');
const { validate, measure } = require('./harness');

/**
 * Returns { results: { [alg]: { [id]: {cpuPerOp, opsPerSec} } }, skipped: [{alg, id, reason}] }.
 */
async function runMicro({ algs = ALGS, ids = null, method, log = console.log }) {
  const chosen = contenders.filter((c) => !ids || ids.includes(c.id));
  const results = {};
  const skipped = [];
  for (const alg of algs) {
    const fixture = makeFixture(alg);
    const entries = [];
    for (const c of chosen) {
      let built;
      try {
        built = c.build(fixture);
      } catch (err) {
        skipped.push({ alg, id: c.id, reason: `cannot be configured: ${err.message}` });
        continue;
      }
      const reason = await validate(built, fixture, { claimChecks: !c.floor });
      if (reason) {
        skipped.push({ alg, id: c.id, reason });
        continue;
      }
      entries.push({ id: c.id, run: built.run, input: built.prepare(fixture.valid), async: !!c.async });
    }
    results[alg] = Object.fromEntries(await measure(entries, method));
    const line = entries.map((e) => `${e.id} ${results[alg][e.id].cpuPerOp.toFixed(2)}µs`).join(', ');
    log(`  ${alg}: ${line}`);
  }
  return { results, skipped };
}

module.exports = { runMicro };
