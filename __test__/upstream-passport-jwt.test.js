'use strict';
// passport-jwt 4.0.1's OWN mocha suite (as shipped in node_modules/passport-jwt/test, not copied here) run
// against our Strategy, ExtractJwt and auth_header: a mocha child process whose `require('../lib/...')` calls
// are redirected by __test__/support/upstream-passport-jwt-hook.js.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const UPSTREAM_TESTS = path.join(ROOT, 'node_modules', 'passport-jwt', 'test');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha');
const HOOK = path.join(__dirname, 'support', 'upstream-passport-jwt-hook.js');

// Upstream cases we fail on purpose, by full title. None today: every upstream case passes unchanged.
const EXPECTED_FAILURES = [];

// The suite's files, in the order its own `npm test` (shell glob test/*test.js) runs them.
const files = fs
  .readdirSync(UPSTREAM_TESTS)
  .filter((name) => name.endsWith('test.js'))
  .sort()
  .map((name) => path.join(UPSTREAM_TESTS, name));

// Counted from the sources, so a file that mocha silently failed to load would show up as missing cases.
const declaredCases = files.reduce((n, file) => n + (fs.readFileSync(file, 'utf8').match(/\bit\(/g) || []).length, 0);

let child;
after(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function runMocha() {
  const args = [
    MOCHA,
    '--reporter', 'json',
    '--forbid-only',
    '--forbid-pending',
    '--require', HOOK,
    '--require', path.join(UPSTREAM_TESTS, 'bootstrap.js'),
    ...files,
  ];
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test("passport-jwt 4.0.1's own test suite passes against our modules", async () => {
  assert.ok(files.length >= 6, `expected passport-jwt's test files in ${UPSTREAM_TESTS}`);
  assert.ok(declaredCases >= 50, `counted only ${declaredCases} upstream cases`);

  const run = await runMocha();
  assert.equal(run.signal, null, `mocha was killed (${run.signal}); stderr: ${run.stderr}`);

  // The hook reports what it redirected: our modules must have replaced passport-jwt's, and none of
  // passport-jwt's own lib files may have been loaded.
  const hookLine = run.stderr.split('\n').find((line) => line.startsWith('UPSTREAM-HOOK '));
  assert.ok(hookLine, `no report from the require hook; stderr: ${run.stderr}`);
  const hook = JSON.parse(hookLine.slice('UPSTREAM-HOOK '.length));
  for (const name of ['strategy.js', 'extract_jwt.js', 'auth_header.js']) {
    assert.ok(hook.redirected.includes(name), `${name} was not redirected: ${hookLine}`);
  }
  assert.deepEqual(hook.refused, []);
  assert.deepEqual(hook.loadedUpstream, []);

  const report = JSON.parse(run.stdout);
  const failed = report.failures.map((t) => t.fullTitle).sort();
  const details = report.failures.map((t) => `${t.fullTitle}: ${t.err && t.err.message}`).join('\n');
  assert.deepEqual(failed, [...EXPECTED_FAILURES].sort(), `unexpected upstream failures:\n${details}`);
  assert.equal(report.stats.pending, 0);
  assert.equal(report.stats.tests, declaredCases, 'every upstream case ran');
  assert.equal(report.stats.passes, declaredCases - EXPECTED_FAILURES.length);
  assert.equal(run.code, EXPECTED_FAILURES.length, `mocha exit code; stderr: ${run.stderr}`);
});
