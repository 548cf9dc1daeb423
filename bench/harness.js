'use strict';
// Timing method (bench/README.md, "Method"): validate first, then a warmup that also calibrates the batch
// size, then rounds in which every contender runs once, round-robin with a rotating start, with a GC before each
// batch. CPU time (process.cpuUsage, user + system) per operation is the steadier figure on a shared machine; wall
// ops/s is reported too. The median over the rounds is kept.

const gc = typeof global.gc === 'function' ? global.gc : () => {};

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs the contender against the valid token and every bad token. Returns null when it behaves, or a reason.
 * A contender that throws on a bad token (where it should report a rejection) also fails validation.
 */
async function validate(built, fixture, { claimChecks = true } = {}) {
  const attempt = async (token) => {
    try {
      return { accepted: await built.run(built.prepare(token)) };
    } catch (err) {
      return { error: err };
    }
  };
  const good = await attempt(fixture.valid);
  if (good.error) return `valid token: threw ${good.error.message}`;
  if (!good.accepted) {
    const why = built.lastError && (built.lastError.message || String(built.lastError));
    return `valid token rejected${why ? ` (${why})` : ''}`;
  }
  for (const [name, token] of Object.entries(fixture.bad)) {
    if (!claimChecks && (name === 'expired' || name.startsWith('wrong '))) continue;
    const r = await attempt(token);
    if (r.error) return `${name}: threw ${r.error.message}`;
    if (r.accepted) return `${name} accepted`;
  }
  return null;
}

function runSync(run, input, n) {
  let ok = 0;
  for (let i = 0; i < n; i++) if (run(input)) ok++;
  return ok;
}

async function runAsync(run, input, n) {
  let ok = 0;
  for (let i = 0; i < n; i++) if (await run(input)) ok++;
  return ok;
}

// Untimed work after each forced GC, in ms, unless the method says otherwise: see batch().
const SETTLE_MS = 25;

async function batch(entry, n, { collect = true } = {}) {
  if (collect) gc();
  const input = entry.input;
  // A forced full GC shrinks V8's young generation, so whatever allocates next pays extra scavenges until it has
  // grown back (measured: fast-jwt's cache hit runs 3-4x slower for its first ~4000 calls, about 30 ms, after
  // a gc()). An untimed stretch of about SETTLE_MS of the same work absorbs that, so the timed part sees the
  // steady state a busy server is in, whatever the contender allocates.
  const settle = collect ? entry.settle || Math.max(1, Math.floor(n / 10)) : 0;
  if (entry.async) await runAsync(entry.run, input, settle);
  else runSync(entry.run, input, settle);
  const c0 = cpuMicros();
  const t0 = process.hrtime.bigint();
  const ok = entry.async ? await runAsync(entry.run, input, n) : runSync(entry.run, input, n);
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = cpuMicros() - c0;
  if (ok !== n) throw new Error(`${entry.id}: ${n - ok} of ${n} verifications failed during timing`);
  return { cpuPerOp: cpu / n, opsPerSec: (n * 1e9) / wallNs, wallMs: wallNs / 1e6 };
}

/**
 * entries: [{ id, run, input, async }]. Returns Map id -> { cpuPerOp, opsPerSec } (medians).
 */
async function measure(entries, { warmupMs, roundMs, rounds, settleMs = SETTLE_MS }) {
  for (const e of entries) {
    // Calibrate: grow the batch until it takes a quarter of warmupMs, which also warms the JIT. No forced GC
    // here: it would only cost time.
    let n = 16;
    for (;;) {
      const { wallMs: ms } = await batch(e, n, { collect: false });
      if (ms >= warmupMs / 4 || n > 1e7) {
        e.n = Math.max(8, Math.round((n * roundMs) / Math.max(ms, 0.01)));
        e.settle = Math.max(1, Math.round((n * settleMs) / Math.max(ms, 0.01)));
        break;
      }
      n *= 4;
    }
    e.samples = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < entries.length; k++) {
      const e = entries[(r + k) % entries.length];
      e.samples.push(await batch(e, e.n));
    }
  }
  const out = new Map();
  for (const e of entries) {
    out.set(e.id, {
      cpuPerOp: median(e.samples.map((s) => s.cpuPerOp)),
      opsPerSec: median(e.samples.map((s) => s.opsPerSec)),
      n: e.n,
    });
  }
  return out;
}

module.exports = { validate, measure, median, gc, cpuMicros };
