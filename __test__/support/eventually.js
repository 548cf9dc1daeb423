'use strict';
// Waits for something the server does on its own schedule (a session ending at exp, a refresh). The limit only
// keeps a broken build from hanging: no test asserts how long it took.

const assert = require('node:assert/strict');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check, what, limitMs = 45000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await sleep(250);
  }
}

/** The promise's value, or null if it has not settled within limitMs (for "was the socket closed"). */
function within(promise, limitMs) {
  return Promise.race([promise, sleep(limitMs).then(() => null)]);
}

module.exports = { eventually, within, sleep };
