'use strict';
// Runs inside a foreign Node (musl, arm64 under qemu, Debian armhf Node 18): loads one addon and checks that it
// verifies each token in cases.json and rejects each tampered copy. Self-contained on purpose (no project
// files, no npm packages), and it prints one JSON line that the test on the host asserts on.
//   node load-check.js <addon.node | --package DIR> <cases.json>
// With --package DIR it loads the addon the way users do: require('node-red-auth-jwt/lib/verification/native') from DIR.

const fs = require('fs');
const path = require('path');

const [mode, target, casesFile] =
  process.argv[2] === '--package' ? ['package', process.argv[3], process.argv[4]] : ['file', process.argv[2], process.argv[3]];

const out = { node: process.version, arch: process.arch, platform: process.platform, results: [] };
try {
  let native;
  if (mode === 'package') {
    const entry = require.resolve('node-red-auth-jwt/lib/verification/native', { paths: [path.resolve(target)] });
    native = require(entry);
    out.bindingPath = native.bindingPath;
    out.platformTag = native.platformTag();
  } else {
    native = require(path.resolve(target));
  }
  const report = process.report && process.report.getReport ? process.report.getReport() : null;
  out.glibcRuntime = (report && report.header && report.header.glibcVersionRuntime) || null;

  const { cases } = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  for (const c of cases) {
    const options = JSON.stringify({ algorithms: [c.alg], issuer: ['dist-test'], audience: ['node-red'] });
    const v = new native.NativeVerifier(c.kind, c.key, options);
    const good = v.verify(c.token);
    const bad = v.verify(c.tampered);
    let sub = null;
    if (good.startsWith('{')) sub = JSON.parse(good).sub;
    out.results.push({
      alg: c.alg,
      valid: sub === c.sub,
      validRaw: good.startsWith('{') ? undefined : good,
      tamperedRejected: bad.startsWith('!'),
      tamperedCode: bad.startsWith('!') ? bad.slice(1).split('\t')[0] : bad,
    });
  }
  out.ok = out.results.length === cases.length && out.results.every((r) => r.valid && r.tamperedRejected);
} catch (err) {
  out.ok = false;
  out.error = String((err && err.stack) || err);
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exitCode = out.ok ? 0 : 1;
