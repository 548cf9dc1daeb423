'use strict';
// Preloaded (`node --require`) into a Node-RED under test that was started with `clock: true`: the test's
// injected clock for another process. Date.now() runs ahead by the seconds written in NRAUTH_TEST_CLOCK_FILE,
// read at start and again on SIGWINCH (Node-RED stops on SIGUSR2, for nodemon; SIGUSR1 starts
// Node's inspector); each reading is logged so the test knows when it applies. The product
// reads time through Date.now(), so "the token's exp has passed" needs no real wait. Timers are not moved:
// what the server does on its own schedule is still waited for in real time (support/eventually.js).

const fs = require('fs');

const file = process.env.NRAUTH_TEST_CLOCK_FILE;
const realNow = Date.now;
let offsetMs = 0;

function load() {
  offsetMs = Number(fs.readFileSync(file, 'utf8')) * 1000;
  process.stdout.write(`test clock: +${offsetMs / 1000} s\n`);
}

load();
Date.now = () => realNow() + offsetMs;
process.on('SIGWINCH', load);
