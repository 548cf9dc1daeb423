'use strict';
// `npm run bench:soak [-- --quick] [-- --json]`
// 1. RSS growth over 1 M verifications through the whole Strategy authenticate path (distinct tokens, a share of
//    bad ones so error objects are built too), and through the verified-token cache when lib/node-red/token-cache.js exists.
// 2. Event-loop delay (perf_hooks.monitorEventLoopDelay) while 1000 verifications a second run, one per macrotask
//    as requests would arrive, for each algorithm; and, when lib/remote-keys/jwks.js is present, while a remote key set on
//    127.0.0.1 is refreshed over and over.

if (require('./node_choice').rerunOnChosenNode(__filename)) return;

const { monitorEventLoopDelay } = require('perf_hooks');
const { parseArgs } = require('util');
const { ALGS, makeFixture, makeDistinctTokens, strategyOptions } = require('./fixtures');
const ourCache = require('./our_cache');

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const gc = global.gc;
if (typeof gc !== 'function') {
  console.error('run with --expose-gc (npm run bench:soak does)');
  process.exit(1);
}
const log = args.json ? () => {} : console.log;

function strategyRunner(fixture) {
  const { Strategy, ExtractJwt } = require('..');
  const strategy = new Strategy(
    strategyOptions(fixture, ExtractJwt, fixture.keys.verifyString),
    (payload, done) => done(null, payload),
  );
  let outcome = 0;
  const success = () => (outcome = 1);
  const fail = () => (outcome = 2);
  const error = () => (outcome = 3);
  return (req) => {
    outcome = 0;
    const s = Object.create(strategy);
    s.success = success;
    s.fail = fail;
    s.error = error;
    s.authenticate(req, { session: false });
    if (outcome === 0 || outcome === 3) throw new Error(`authenticate ended with outcome ${outcome}`);
    return outcome === 1;
  };
}

const rssMB = () => process.memoryUsage().rss / (1024 * 1024);

function settle() {
  gc();
  gc();
  return rssMB();
}

/** Verifies `total` requests drawn round-robin from `reqs`; RSS measured after the first 10 % (warm) and at the end. */
function soak(name, run, reqs, total, expectOk) {
  const warm = Math.floor(total / 10);
  let ok = 0;
  let i = 0;
  for (; i < warm; i++) if (run(reqs[i % reqs.length])) ok++;
  const before = settle();
  const t0 = process.hrtime.bigint();
  for (; i < total; i++) if (run(reqs[i % reqs.length])) ok++;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = settle();
  if (ok !== expectOk(total)) throw new Error(`${name}: ${ok} accepted, expected ${expectOk(total)}`);
  const growth = after - before;
  log(`  ${name}: RSS ${before.toFixed(1)} -> ${after.toFixed(1)} MB (growth ${growth.toFixed(2)} MB) over ${total} verifications, ${seconds.toFixed(1)} s`);
  return { name, before, after, growth, total };
}

function rssSoak(total) {
  const fixture = makeFixture('HS256');
  // 20 000 distinct valid tokens (more than any cache bound) plus one bad token in every ten requests.
  const valid = makeDistinctTokens(fixture, 20000);
  const bad = Object.values(fixture.bad);
  const reqs = [];
  for (let i = 0; i < valid.length; i++) {
    const token = i % 10 === 9 ? bad[i % bad.length] : valid[i];
    reqs.push({ headers: { authorization: `Bearer ${token}` }, query: {}, body: {} });
  }
  const goodIn = (n) => {
    let c = 0;
    for (let i = 0; i < n; i++) if ((i % reqs.length) % 10 !== 9) c++;
    return c;
  };
  // The warm-up share counts too: the total accepted covers both phases.
  const results = [soak('Strategy.authenticate (HS256)', strategyRunner(fixture), reqs, total, goodIn)];
  const cached = ourCache.build(fixture);
  if (!cached.error) {
    const tokens = reqs.map((r) => r.headers.authorization.slice(7));
    results.push(soak(`${cached.label} (HS256)`, cached.run, tokens, total, goodIn));
  } else {
    log(`  token cache: not measured (${cached.error})`);
  }
  return results;
}

const RESOLUTION_MS = 1;

/**
 * Runs `perSecond` calls of `work` a second, one per timer tick, for `ms`, and returns the event-loop delay
 * (p99, max) and the p99 time one tick's work held the loop. monitorEventLoopDelay records the whole interval
 * between its timer's runs, which includes its own resolution, so that is subtracted to give the delay.
 */
function loopDelay(work, { perSecond = 1000, ms = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const held = [];
    const start = process.hrtime.bigint();
    let done = 0;
    let failed = null;
    // A 1 ms interval fires a little less than 1000 times a second, so each tick runs the calls that are due,
    // which is one on almost every tick.
    const timer = setInterval(() => {
      const t0 = process.hrtime.bigint();
      const due = Math.floor((Number(t0 - start) / 1e9) * perSecond);
      try {
        while (done < due) {
          work();
          done++;
        }
      } catch (err) {
        failed = err;
      }
      held.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }, 1);
    h.enable();
    setTimeout(() => {
      clearInterval(timer);
      h.disable();
      if (failed) return reject(failed);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      held.sort((a, b) => a - b);
      const delay = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
      resolve({
        p99ms: delay(h.percentile(99)),
        maxms: delay(h.max),
        heldP99ms: held.length ? held[Math.floor(held.length * 0.99)] : 0,
        rate: done / seconds,
      });
    }, ms);
  });
}

async function loopSoak(ms) {
  const out = [];
  // The same timers with no verification: what this machine's scheduling alone adds to the delay.
  const idle = await loopDelay(() => {}, { ms });
  log(`  no verifications (baseline): event-loop delay p99 ${idle.p99ms.toFixed(3)} ms, max ${idle.maxms.toFixed(3)} ms`);
  out.push({ what: 'baseline: the same timers, no verification', baseline: true, ...idle });
  for (const alg of ALGS) {
    const fixture = makeFixture(alg);
    const run = strategyRunner(fixture);
    const req = { headers: { authorization: `Bearer ${fixture.valid}` }, query: {}, body: {} };
    const work = () => {
      if (!run(req)) throw new Error(`${alg}: valid token rejected`);
    };
    for (let i = 0; i < 200; i++) work();
    gc();
    const r = await loopDelay(work, { ms });
    log(`  ${alg}: event-loop delay p99 ${r.p99ms.toFixed(3)} ms, max ${r.maxms.toFixed(3)} ms, one tick's work p99 ${r.heldP99ms.toFixed(3)} ms, at ${r.rate.toFixed(0)} verifications/s`);
    out.push({ what: `Strategy, ${alg}`, ...r });
  }
  const jwks = await require('./soak_jwks').measure({ loopDelay, ms, log }).catch((err) => {
    log(`  JWKS refresh: not measured (${err.message})`);
    return null;
  });
  if (jwks) out.push(jwks);
  return out;
}

function markdown(rss, loop) {
  let text = '#### Soak\n\n| run | RSS before | RSS after | growth |\n|---|--:|--:|--:|\n';
  for (const r of rss) text += `| ${r.name}, ${r.total / 1e6} M verifications | ${r.before.toFixed(1)} MB | ${r.after.toFixed(1)} MB | ${r.growth.toFixed(2)} MB |\n`;
  text +=
    '\nEvent-loop delay while 1000 verifications a second run, one per timer tick (monitorEventLoopDelay at 1 ms ' +
    'resolution, its 1 ms period subtracted; "work" is how long one tick\'s verification held the loop):\n\n';
  text += '| path | delay p99 | delay max | work p99 | rate |\n|---|--:|--:|--:|--:|\n';
  for (const l of loop) {
    text += `| ${l.what} | ${l.p99ms.toFixed(3)} ms | ${l.maxms.toFixed(2)} ms | ${l.heldP99ms.toFixed(3)} ms | ${l.rate.toFixed(0)}/s |\n`;
  }
  return text;
}

async function main() {
  const total = args.quick ? 200000 : 1000000;
  // The event-loop part runs first, in a process that has not yet made a million verifications' worth of
  // garbage: afterwards V8's memory reducer runs full GCs once the loop turns idle, which would be measured as
  // delay (it showed as a 1.8 ms p99 with no verification running at all).
  log('event-loop delay at 1000 verifications/s:');
  const loop = await loopSoak(args.quick ? 1000 : 3000);
  log(`\nRSS over ${total} verifications:`);
  const rss = rssSoak(total);
  const rssGrowthMB = Math.max(...rss.map((r) => r.growth));
  const result = { rss, loop, rssGrowthMB, text: markdown(rss, loop) };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else console.log(`\n${result.text}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
