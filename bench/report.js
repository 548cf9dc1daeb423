'use strict';
// Turns one bench run into the Markdown the README shows, including which targets were met.

const { contenders } = require('./contenders');

const label = Object.fromEntries(contenders.map((c) => [c.id, c.label]));

const fmtUs = (us) => (us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2));
const fmtOps = (ops) => (ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(0));
const fmtX = (x) => `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

// Targets of issue 6, in ops/s against the node:crypto floor (whole authenticate path, key as a string).
const FLOOR_TARGETS = { HS256: 0.9, RS256: 1.1, PS256: 1.0, ES256: 1.2, ES384: 1.0, EdDSA: 2.5 };
const PASSPORT_JWT_TARGET = 10;
const CACHE_HIT_TARGET = 1e6;
const CACHE_VS_FAST_JWT_TARGET = 2.5;

function microTables(micro) {
  const algs = Object.keys(micro.results);
  const ids = contenders.map((c) => c.id).filter((id) => algs.some((a) => micro.results[a][id]));
  const head = `| contender | ${algs.join(' | ')} |\n|---|${algs.map(() => '--:').join('|')}|`;
  const rows = (cell) =>
    ids
      .map((id) => `| ${label[id]} | ${algs.map((a) => (micro.results[a][id] ? cell(micro.results[a], id) : '–')).join(' | ')} |`)
      .join('\n');
  const cpu = rows((r, id) => `${fmtUs(r[id].cpuPerOp)}${r.floor ? ` (${fmtX(r.floor.cpuPerOp / r[id].cpuPerOp)})` : ''}`);
  const ops = rows((r, id) => `${fmtOps(r[id].opsPerSec)}${r.floor ? ` (${fmtX(r[id].opsPerSec / r.floor.opsPerSec)})` : ''}`);
  let text =
    '#### CPU µs per verification (lower is better; in brackets: speed relative to the node:crypto floor)\n\n' +
    `${head}\n${cpu}\n\n` +
    '#### Verifications per second, one thread (in brackets: relative to the floor)\n\n' +
    `${head}\n${ops}\n`;
  if (micro.skipped.length) {
    text += '\nNot timed (failed the accept/reject check, so not comparable):\n';
    for (const s of micro.skipped) text += `- ${label[s.id]}, ${s.alg}: ${s.reason}\n`;
  }
  return text;
}

function rawTable(raw, micro) {
  const rows = raw
    .map((r) => {
      const m = micro?.results[r.alg];
      const ours = m?.ours ? fmtUs(m.ours.cpuPerOp) : '–';
      const wall = m?.['pj-string'] ? fmtUs(m['pj-string'].cpuPerOp / PASSPORT_JWT_TARGET) : '–';
      return `| ${r.alg} | ${fmtUs(r.rawUs)} | ${fmtUs(r.coreUs)} | ${ours} | ${wall} |`;
    })
    .join('\n');
  return (
    '#### The physical wall: aws-lc alone (Rust, one core, keys parsed once; `node bench/raw_verify/run.js`)\n\n' +
    'µs per call. The last column is the most a verification may cost to be 10× faster than passport-jwt with a ' +
    'string key (its CPU µs from the table above, / 10): where it is below the raw signature check, no verifier ' +
    'on this CPU can meet that target.\n\n' +
    '| alg | raw aws-lc signature check | whole Rust core (split, decode, header, signature, claims) | our whole authenticate (CPU, above) | passport-jwt string key / 10 |\n' +
    `|---|--:|--:|--:|--:|\n${rows}\n`
  );
}

function targets(report) {
  const out = [];
  const add = (name, measured, met) => out.push(`| ${name} | ${measured} | ${met ? 'met' : '**missed**'} |`);
  const rawOf = (alg) => report.raw?.find((r) => r.alg === alg);
  if (report.micro) {
    for (const [alg, r] of Object.entries(report.micro.results)) {
      if (!r.ours) continue;
      if (r['pj-string']) {
        const x = r.ours.opsPerSec / r['pj-string'].opsPerSec;
        const xc = r['pj-string'].cpuPerOp / r.ours.cpuPerOp;
        const raw = rawOf(alg);
        const wall =
          raw && raw.rawUs > r['pj-string'].cpuPerOp / PASSPORT_JWT_TARGET
            ? ` (impossible here: aws-lc's signature check alone takes ${fmtUs(raw.rawUs)} µs, 10× needs ≤ ${fmtUs(r['pj-string'].cpuPerOp / PASSPORT_JWT_TARGET)})`
            : '';
        add(`${alg}: ≥ ${PASSPORT_JWT_TARGET}× passport-jwt (string key)`, `${fmtX(x)} ops/s, ${fmtX(xc)} CPU${wall}`, x >= PASSPORT_JWT_TARGET);
      }
      if (r.floor && FLOOR_TARGETS[alg]) {
        const x = r.ours.opsPerSec / r.floor.opsPerSec;
        const xc = r.floor.cpuPerOp / r.ours.cpuPerOp;
        const want = FLOOR_TARGETS[alg];
        const text = want === 1 ? 'faster than the floor' : `≥ ${want}× the floor`;
        add(`${alg}: ${text}`, `${fmtX(x)} ops/s, ${fmtX(xc)} CPU`, want === 1 ? x > 1 : x >= want);
      }
    }
  }
  if (report.cache?.ours) {
    const hit = report.cache.ours.fresh.opsPerSec;
    add('token-cache hit ≥ 1 M/s (fresh token string per call)', `${fmtOps(hit)}/s`, hit >= CACHE_HIT_TARGET);
    if (report.cache['fast-jwt-cache']) {
      const x = hit / report.cache['fast-jwt-cache'].fresh.opsPerSec;
      add(`token-cache hit ≥ ${CACHE_VS_FAST_JWT_TARGET}× fast-jwt's cache (fresh token string per call)`, fmtX(x), x >= CACHE_VS_FAST_JWT_TARGET);
    }
  }
  if (report.soak) {
    add('RSS growth over 1 M verifications < 5 MB', `${report.soak.rssGrowthMB.toFixed(2)} MB`, report.soak.rssGrowthMB < 5);
    const base = (report.soak.loop || []).find((l) => l.baseline);
    for (const l of report.soak.loop || []) {
      if (l.baseline) continue;
      const note = base ? ` (baseline without verifications: ${base.p99ms.toFixed(3)} ms)` : '';
      add(`event-loop delay p99 < 1 ms at 1000 verifications/s: ${l.what}`, `${l.p99ms.toFixed(3)} ms${note}`, l.p99ms < 1);
    }
  }
  if (!out.length) return '';
  return `#### Targets (issue 6; whole authenticate path, key as a string)\n\n| target | measured | |\n|---|--:|---|\n${out.join('\n')}\n`;
}

function cacheTable(cache) {
  const rows = Object.values(cache)
    .map((r) => `| ${r.label} | ${fmtOps(r.fresh.opsPerSec)}/s | ${fmtUs(r.fresh.cpuPerOp)} | ${fmtOps(r.same.opsPerSec)}/s |`)
    .join('\n');
  return (
    '#### Verified-token cache, the same token again and again (HS256 token; hits only)\n\n' +
    'Realistic: a fresh token string per call, cut from the `Authorization` header text as each request brings ' +
    'it (V8 must hash it again). For contrast, the last column reuses one string object, whose hash V8 keeps.\n\n' +
    `| path | hits/s, fresh string | CPU µs, fresh string | hits/s, same string object |\n|---|--:|--:|--:|\n${rows}\n`
  );
}

function httpTable(http) {
  const modes = ['ours', 'pj-string', 'pj-keyobject'].filter((m) => Object.values(http.rows).some((r) => r[m]));
  const names = { ours: 'node-red-auth-jwt (string key)', 'pj-string': 'passport-jwt (string key)', 'pj-keyobject': 'passport-jwt (KeyObject)' };
  const head = `| alg | ${modes.map((m) => names[m]).join(' | ')} |\n|---|${modes.map(() => '--:').join('|')}|`;
  const rows = Object.entries(http.rows)
    .map(([alg, r]) => `| ${alg} | ${modes.map((m) => (r[m] ? `${r[m].rps.toFixed(0)} (${(r[m].rps / http.ceiling.rps).toFixed(2)}×)` : '–')).join(' | ')} |`)
    .join('\n');
  const notes = (http.skipped || []).map((s) => `- ${names[s.mode]}, ${s.alg}: not timed, ${s.reason}.\n`).join('');
  return (
    `#### HTTP: Express 5 + passport 0.7, one protected route, autocannon (10 connections) on 127.0.0.1\n\n` +
    `Requests per second (in brackets: relative to the no-auth ceiling of ${http.ceiling.rps.toFixed(0)} req/s, same run).\n\n` +
    `${head}\n${rows}\n${notes ? `\n${notes}` : ''}`
  );
}

function format(report) {
  const { env } = report;
  let text =
    `### Performance (\`npm run bench\`${report.quick ? ' --quick' : ''})\n\n` +
    `Measured ${env.date} on Node ${env.node} (OpenSSL ${env.openssl}), ${env.cpu}, ${env.cores} cores ` +
    `(a shared virtual machine; load average ${env.load} at start, ${env.loadEnd} at the end).\n` +
    'All contenders run in one process, round-robin with a rotating start and a GC before each batch; each figure is ' +
    'the median of the rounds. Every contender first had to accept a valid token and reject a tampered payload, a ' +
    'tampered signature, `alg: none` (with and without a signature), an expired token and a wrong `aud`/`iss`; the ' +
    'floor checks no claims by definition, so only the signature and `none` cases apply to it. Tokens arrive as ' +
    '`Authorization: Bearer`; the passport strategies are driven as passport does (a fresh `Object.create(strategy)` ' +
    'with success/fail/error per call).\n\n';
  if (report.micro) text += microTables(report.micro) + '\n';
  if (report.cache) text += cacheTable(report.cache) + '\n';
  if (report.http) text += httpTable(report.http) + '\n';
  if (report.soak) text += report.soak.text + '\n';
  if (report.raw) text += rawTable(report.raw, report.micro) + '\n';
  text += targets(report);
  return text;
}

module.exports = { format, FLOOR_TARGETS };
