'use strict';
// The JWKS fault soak of bench/soak_jwks.js (`npm run soak:jwks`) at a third of its length: the provider goes
// down, slow, answers garbage and every other bad answer, rotates its keys and comes back, while tokens are
// verified through the jwks() provider. Asserts outcomes only (no timing): no false accept, no unhandled
// error, and valid tokens verify again once the provider is back, also after a cold start with it down.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { faultSoak } = require('../bench/soak_jwks');

test('JWKS faults: no false accept, no crash, sign-in resumes after each fault', async (t) => {
  const lines = [];
  const report = await faultSoak({ scale: 0.3, coldDownMs: 1500, log: (line) => lines.push(line) });
  for (const line of lines) t.diagnostic(line);
  assert.equal(report.falseAccepts, 0);
  assert.deepEqual(report.problems, []);
  assert.ok(report.verifications > 500, `${report.verifications} verifications`);
  const phase = (name) => report.phases.find((p) => p.name.startsWith(name));
  // The cold start: nothing could be verified while the provider was down, then sign-in resumed.
  assert.equal(phase('cold start').validAccepted, 0);
  assert.ok(report.coldRecoveryMs >= 0);
  // While the provider misbehaves, the cached set keeps valid tokens verifying.
  for (const name of ['provider down (the cached set', 'provider slow', 'provider answers garbage', 'provider answers private']) {
    assert.ok(phase(name).validAccepted > 0, name);
    assert.equal(phase(name).validRefused, 0, name);
  }
  // A rotated-in key verifies, and after the set expired with the provider down, sign-in resumes.
  assert.ok(phase('key rotation: key-1 removed').validAccepted > 0);
  assert.ok(phase('provider down past maxAge').validRefused > 0, 'an expired set is no longer trusted');
  assert.ok(report.recovered);
});
