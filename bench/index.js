'use strict';
// `npm run bench [-- --quick] [-- --only=micro,cache,http,soak,raw] [-- --algs=HS256,RS256] [-- --write|--no-write]`
// Runs the side-by-side table, the token-cache figure and the HTTP figure, prints them with the targets, and
// (on a full run, or with --write) writes bench/README-table.md for the README.

if (require('./node_choice').rerunOnChosenNode(__filename)) return;

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { parseArgs } = require('util');
const { ALGS } = require('./fixtures');
const { contenders } = require('./contenders');
const { runMicro } = require('./micro');
const { runHttp } = require('./http');
const { runCache } = require('./cache');
const { format } = require('./report');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    algs: { type: 'string' },
    write: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    diag: { type: 'boolean', default: false },
  },
});

if (typeof global.gc !== 'function') {
  console.error('run with --expose-gc (npm run bench does) so that each batch starts after a GC');
  process.exit(1);
}

const quick = args.quick;
// The soak (RSS over 1 M verifications, event-loop delay) and the raw aws-lc wall (Rust, needs cargo) run in
// child processes of their own, on full runs only.
const parts = new Set((args.only || (quick ? 'micro,cache,http' : 'micro,cache,http,soak,raw')).split(','));
const algs = args.algs ? args.algs.split(',') : ALGS;

const settings = quick
  ? {
      micro: { warmupMs: 60, roundMs: 25, rounds: 3, settleMs: 8 },
      cache: { roundMs: 40, rounds: 3, settleMs: 8 },
      http: { algs: ['HS256'], modes: ['ours', 'pj-string'], seconds: 1.5, warmupSeconds: 0.25, rounds: 1 },
    }
  : {
      micro: { warmupMs: 300, roundMs: 200, rounds: 7 },
      cache: { roundMs: 200, rounds: 7 },
      http: {
        algs: ['HS256', 'RS256', 'ES256', 'EdDSA'],
        modes: ['ours', 'pj-string', 'pj-keyobject'],
        seconds: 5,
        warmupSeconds: 1,
        rounds: 2,
      },
    };

function machine() {
  let model = os.cpus()[0]?.model || 'unknown CPU';
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.startsWith('Model name:'));
    if (line) model = line.replace('Model name:', '').trim();
  } catch {
    // lscpu is optional; os.cpus() already gave a name.
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    openssl: process.versions.openssl,
    cpu: model,
    cores: os.cpus().length,
    load: os.loadavg().map((x) => x.toFixed(2)).join(', '),
  };
}

async function main() {
  const started = Date.now();
  const env = machine();
  console.log(`node-red-auth-jwt bench (${quick ? 'quick' : 'full'}): ${env.date}, Node ${env.node}, ${env.cpu} x${env.cores}`);
  console.log(`load average at start: ${env.load}`);
  const report = { env, quick, settings };

  if (parts.has('micro')) {
    console.log('\nverification, one process, round-robin:');
    const ids = contenders.filter((c) => args.diag || !c.diagnostic).map((c) => c.id);
    report.micro = await runMicro({ algs, ids, method: settings.micro });
  }
  if (parts.has('cache')) {
    console.log('\nverified-token cache, same token repeated:');
    report.cache = await runCache({ method: settings.cache });
  }
  if (parts.has('http')) {
    console.log('\nHTTP, Express 5 + passport, autocannon on 127.0.0.1 (10 connections):');
    report.http = await runHttp(settings.http);
  }
  if (parts.has('soak')) {
    console.log('\nsoak (child process):');
    const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'soak.js'), '--json', ...(quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    report.soak = JSON.parse(out.trim().split('\n').pop());
    for (const r of report.soak.rss) console.log(`  ${r.name}: RSS growth ${r.growth.toFixed(2)} MB`);
    for (const l of report.soak.loop) console.log(`  ${l.what}: event-loop p99 ${l.p99ms.toFixed(3)} ms`);
  }
  if (parts.has('raw')) {
    console.log('\nraw aws-lc signature checks and the whole Rust core (cargo, child process):');
    try {
      const out = execFileSync(process.execPath, [path.join(__dirname, 'raw_verify', 'run.js'), '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      report.raw = JSON.parse(out.trim().split('\n').pop());
      for (const r of report.raw) console.log(`  ${r.alg}: raw ${r.rawUs.toFixed(2)} µs, core ${r.coreUs.toFixed(2)} µs`);
    } catch (err) {
      console.log(`  not measured: ${err.message.split('\n')[0]}`);
    }
  }
  report.env.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  report.seconds = (Date.now() - started) / 1000;

  console.log(`\n(${report.seconds.toFixed(1)} s)`);
  const text = format(report);
  console.log(`\n${text}`);
  if (args.write || (!quick && !args['no-write'])) {
    const file = path.join(__dirname, 'README-table.md');
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  // The raw figures, for comparing runs; .tmp/ is git-ignored.
  const json = path.join(__dirname, '..', '.tmp', quick ? 'bench-quick.json' : 'bench-full.json');
  fs.mkdirSync(path.dirname(json), { recursive: true });
  fs.writeFileSync(json, JSON.stringify(report, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
