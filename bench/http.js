'use strict';
// The HTTP figure: each server runs in its own child process (one core) and autocannon drives it from this
// process (the other core) on 127.0.0.1. The no-auth ceiling is measured in the same run, interleaved.

const { fork } = require('child_process');
const path = require('path');
const autocannon = require('autocannon');
const { ISSUER, AUDIENCE, makeFixture } = require('./fixtures');

const SERVER = path.join(__dirname, 'http_server.js');

function startServer(config) {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server ${config.mode} did not start`));
    }, 10000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server ${config.mode} exited with ${code}`)));
    child.once('message', ({ port }) => {
      clearTimeout(timer);
      resolve({ child, port });
    });
    child.send(config);
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.removeAllListeners('exit');
    server.child.once('exit', resolve);
    server.child.disconnect();
    setTimeout(() => server.child.kill('SIGKILL'), 2000).unref();
  });
}

async function drive(port, token, seconds) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/flows`,
    connections: 10,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`errors=${result.errors} timeouts=${result.timeouts} non2xx=${result.non2xx}`);
  }
  return { rps: result.requests.total / (result.duration || seconds), p99: result.latency.p99 };
}

/**
 * Returns { ceiling: {rps, p99}, rows: { [alg]: { [mode]: {rps, p99} } } } (medians over rounds for rps).
 */
async function runHttp({ algs, modes, seconds, warmupSeconds, rounds, log = console.log }) {
  const servers = [];
  const configs = [{ mode: 'none', alg: 'none' }];
  try {
    for (const alg of algs) {
      const fixture = makeFixture(alg);
      for (const mode of modes) configs.push({ mode, alg, token: fixture.valid, key: fixture.keys.verifyString });
    }
    // Start every server at once (each loads Express); time starts only after all are up.
    await Promise.all(
      configs.map(async (c) => {
        c.server = await startServer({ mode: c.mode, alg: c.alg, key: c.key, issuer: ISSUER, audience: AUDIENCE });
        servers.push(c.server);
      }),
    );
    const statuses = async (port, token) => {
      const r = await autocannon({
        url: `http://127.0.0.1:${port}/api/flows`,
        connections: 1,
        amount: 5,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return Object.keys(r.statusCodeStats || {}).join(',');
    };
    const timed = [];
    for (const c of configs) {
      // Before it counts, a protected server must answer 200 to the valid token and 401 to a tampered one.
      if (c.mode !== 'none') {
        const good = await statuses(c.server.port, c.token);
        if (good !== '200') {
          c.skipped = `the valid token got HTTP ${good}`;
          log(`  ${c.mode}/${c.alg}: not timed (${c.skipped})`);
          continue;
        }
        const bad = await statuses(c.server.port, `${c.token.slice(0, -4)}AAAA`);
        if (bad !== '401') throw new Error(`${c.mode}/${c.alg} answered HTTP ${bad} to a tampered token`);
      }
      await drive(c.server.port, c.token, warmupSeconds);
      c.samples = [];
      timed.push(c);
    }
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < timed.length; k++) {
        const c = timed[(r + k) % timed.length];
        c.samples.push(await drive(c.server.port, c.token, seconds));
      }
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const summary = (c) => ({ rps: med(c.samples.map((s) => s.rps)), p99: med(c.samples.map((s) => s.p99)) });
  const ceiling = summary(configs[0]);
  const rows = {};
  const skipped = [];
  for (const c of configs.slice(1)) {
    rows[c.alg] = rows[c.alg] || {};
    if (c.skipped) skipped.push({ alg: c.alg, mode: c.mode, reason: c.skipped });
    else rows[c.alg][c.mode] = summary(c);
  }
  log(`  ceiling ${ceiling.rps.toFixed(0)} req/s`);
  for (const [alg, byMode] of Object.entries(rows)) {
    log(`  ${alg}: ${Object.entries(byMode).map(([m, v]) => `${m} ${v.rps.toFixed(0)} req/s`).join(', ')}`);
  }
  return { ceiling, rows, skipped };
}

module.exports = { runHttp };
