'use strict';
// The soak of bench/soak_node_red.js (`npm run soak`, 10 000 requests) at 2 000 requests: a real Node-RED 4.1
// takes valid sign-ins, admin-API and websocket calls interleaved with junk tokens and the hostile shapes
// (`?access_token[toString]=x`, `{"access_token":{...}}`, `{"auth":{...}}`, `/auth/revoke {"token":{...}}`).
// It asserts the counts and the heap; the latency is printed, never asserted.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { soak } = require('../bench/soak_node_red');

test('2 000 mixed requests: no false accept, no valid request refused, no restart, heap growth under 5 MB', async (t) => {
  const lines = [];
  const result = await soak({ requests: 2000, seed: 2000, log: (line) => lines.push(line) });
  for (const line of lines) t.diagnostic(line);
  assert.equal(result.requests, 2000);
  assert.ok(result.valid > 500, `a real share of valid traffic (${result.valid})`);
  assert.equal(result.falseAccepts, 0, 'false accepts');
  assert.equal(result.validRefused, 0, 'valid requests refused');
  assert.equal(result.restarts, 0, 'Node-RED restarts');
  assert.ok(result.samePid, 'the same Node-RED process before and after');
  assert.ok(result.heapGrowthMB < 5, `heap growth ${result.heapGrowthMB.toFixed(2)} MB`);
  for (const [kind, counts] of Object.entries(result.byKind)) assert.ok(counts.sent > 0, `${kind} was sent`);
});
