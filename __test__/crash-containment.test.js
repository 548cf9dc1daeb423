'use strict';
// The process-level backstop (lib/node-red/crash-containment.js) in child processes: it contains exactly the
// token-lookup TypeError thrown by Node-RED's auth/tokens.js, and leaves every other unhandled rejection to
// Node's own behaviour (an uncaught exception that ends the process, or whoever else listens).

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isTokenLookupCrash } = require('../lib/node-red/crash-containment');

const MODULE = path.join(__dirname, '..', 'lib', 'node-red', 'crash-containment.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nrjwt-contain-'));
// A stand-in with Node-RED's file name and the same faulty lookup.
const TOKENS = path.join(dir, 'node_modules', '@node-red', 'editor-api', 'lib', 'auth', 'tokens.js');
fs.mkdirSync(path.dirname(TOKENS), { recursive: true });
fs.writeFileSync(TOKENS, 'const sessions = {};\nmodule.exports = (token) => Promise.resolve().then(() => sessions[token]);\n');
const ELSEWHERE = path.join(dir, 'elsewhere.js');
fs.writeFileSync(ELSEWHERE, fs.readFileSync(TOKENS));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const GUARD = path.join(__dirname, '..', 'index.js');

function run(body, args = [], install = `require(${JSON.stringify(MODULE)}).installContainment();`) {
  const source = `${install}
const lookup = require(${JSON.stringify(TOKENS)});
const elsewhere = require(${JSON.stringify(ELSEWHERE)});
${body}
setTimeout(() => console.log('alive'), 300);`;
  return spawnSync(process.execPath, [...args, '-e', source], { encoding: 'utf8', timeout: 10000 });
}

test('contains objects sent as tokens to tokens.js (plain, nested in an array) and logs once, in fixed text', () => {
  const out = run("lookup({ toString: 'x' }); lookup([{ toString: 'x' }]); lookup([[{ valueOf: 1, toString: 1 }]]);");
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /alive/);
  assert.equal(out.stderr.match(/contained 1 request that would have ended Node-RED/g).length, 1, out.stderr);
  assert.doesNotMatch(out.stderr, /toString|x'/);
});

test('guard() alone (a hand-written adminAuth) installs the same backstop', () => {
  const out = run("lookup({ toString: 'x' });", [], `require(${JSON.stringify(GUARD)}).guard();`);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /alive/);
  assert.match(out.stderr, /contained 1 request/);
});

test('the same TypeError from any other file still ends the process, as without the backstop', () => {
  const out = run("elsewhere({ toString: 'x' });");
  assert.notEqual(out.status, 0);
  assert.doesNotMatch(out.stdout, /alive/);
  assert.match(out.stderr, /Cannot convert object to primitive value/);
});

test('any other rejection (an Error, a non-Error) still ends the process', () => {
  for (const body of ["Promise.reject(new Error('database down'));", "Promise.reject('plain string');"]) {
    const out = run(body);
    assert.notEqual(out.status, 0, body);
    assert.doesNotMatch(out.stdout, /alive/);
    assert.match(out.stderr, /database down|plain string/);
  }
});

test('another unhandledRejection listener keeps deciding about the rest', () => {
  const out = run("process.on('unhandledRejection', (r) => console.log('theirs: ' + r.message)); Promise.reject(new Error('db'));");
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /theirs: db/);
  assert.match(out.stdout, /alive/);
});

test('--unhandled-rejections=warn keeps warning without ending the process', () => {
  const out = run("Promise.reject(new Error('db'));", ['--unhandled-rejections=warn']);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stderr, /db/);
});

test('isTokenLookupCrash looks at the message, the type and the first non-builtin frame', () => {
  const err = new TypeError('Cannot convert object to primitive value');
  err.stack = `TypeError: Cannot convert object to primitive value\n    at Array.join (<anonymous>)\n    at ${TOKENS}:2:55`;
  assert.equal(isTokenLookupCrash(err), true);
  err.stack = `TypeError: Cannot convert object to primitive value\n    at ${ELSEWHERE}:2:55\n    at ${TOKENS}:2:55`;
  assert.equal(isTokenLookupCrash(err), false);
  const other = new Error('Cannot convert object to primitive value');
  other.stack = `Error: x\n    at ${TOKENS}:2:55`;
  assert.equal(isTokenLookupCrash(other), false);
  assert.equal(isTokenLookupCrash('Cannot convert object to primitive value'), false);
});
