'use strict';
// Turns one bench run into the Markdown the README shows, including which targets were met.

const { contenders } = require('./contenders');

const label = Object.fromEntries(contenders.map((c) => [c.id, c.label]));

const fmtUs = (us) => (us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2));
const fmtOps = (ops) => (ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(0));
const fmtX = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

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

function targets(report) {
  const out = [];
  const add = (name, measured, met) => out.push(`| ${name} | ${measured} | ${met ? 'met' : '**missed**'} |`);
  if (report.micro) {
    for (const [alg, r] of Object.entries(report.micro.results)) {
      if (!r.ours) continue;
      if (r['pj-string']) {
        const x = r.ours.opsPerSec / r['pj-string'].opsPerSec;
        const xc = r['pj-string'].cpuPerOp / r.ours.cpuPerOp;
        add(`${alg}: ≥ ${PASSPORT_JWT_TARGET}× passport-jwt (string key)`, `${fmtX(x)} ops/s, ${fmtX(xc)} CPU`, x >= PASSPORT_JWT_TARGET);
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
    const hit = report.cache.ours.opsPerSec;
    add('token-cache hit ≥ 1 M/s', `${fmtOps(hit)}/s`, hit >= CACHE_HIT_TARGET);
    if (report.cache['fast-jwt-cache']) {
      const x = hit / report.cache['fast-jwt-cache'].opsPerSec;
      add(`token-cache hit ≥ ${CACHE_VS_FAST_JWT_TARGET}× fast-jwt's cache`, fmtX(x), x >= CACHE_VS_FAST_JWT_TARGET);
    }
  }
  if (report.soak) {
    add('RSS growth over 1 M verifications < 5 MB', `${report.soak.rssGrowthMB.toFixed(2)} MB`, report.soak.rssGrowthMB < 5);
    for (const l of report.soak.loop || []) {
      add(`event-loop p99 < 1 ms at 1000 verifications/s (${l.what})`, `${l.p99ms.toFixed(3)} ms`, l.p99ms < 1);
    }
  }
  if (!out.length) return '';
  return `#### Targets (issue 6; whole authenticate path, key as a string)\n\n| target | measured | |\n|---|--:|---|\n${out.join('\n')}\n`;
}

function cacheTable(cache) {
  const rows = Object.entries(cache)
    .map(([id, r]) => `| ${r.label} | ${fmtOps(r.opsPerSec)}/s | ${fmtUs(r.cpuPerOp)} |`)
    .join('\n');
  return `#### Verified-token cache, the same token again and again (HS256 token; hits only)\n\n| path | ops/s | CPU µs |\n|---|--:|--:|\n${rows}\n`;
}

function httpTable(http) {
  const modes = ['ours', 'pj-string', 'pj-keyobject'].filter((m) => Object.values(http.rows).some((r) => r[m]));
  const names = { ours: 'node-red-auth-jwt (string key)', 'pj-string': 'passport-jwt (string key)', 'pj-keyobject': 'passport-jwt (KeyObject)' };
  const head = `| alg | ${modes.map((m) => names[m]).join(' | ')} |\n|---|${modes.map(() => '--:').join('|')}|`;
  const rows = Object.entries(http.rows)
    .map(([alg, r]) => `| ${alg} | ${modes.map((m) => (r[m] ? `${r[m].rps.toFixed(0)} (${(r[m].rps / http.ceiling.rps).toFixed(2)}×)` : '–')).join(' | ')} |`)
    .join('\n');
  return (
    `#### HTTP: Express 5 + passport 0.7, one protected route, autocannon (10 connections) on 127.0.0.1\n\n` +
    `Requests per second (in brackets: relative to the no-auth ceiling of ${http.ceiling.rps.toFixed(0)} req/s, same run).\n\n` +
    `${head}\n${rows}\n`
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
  text += targets(report);
  return text;
}

module.exports = { format, FLOOR_TARGETS };
