'use strict';
// Starts a real Node-RED as a child process, waits until its admin API answers, and stops it again: the one
// launcher of the demo and of every test (__test__/support/node-red.js and test-dist/support/node-red-app.js
// build on it). The child's output goes to a log file so the demo's own output stays readable; with port 0 the
// port is read back from that log.

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60000; // a busy Raspberry Pi can take tens of seconds to load the palette
const STOP_GRACE_MS = 10000;

function redJsPath(projectDir) {
  try {
    return require.resolve('node-red/red.js', { paths: [projectDir] });
  } catch {
    throw new Error('the demo needs the node-red devDependency: run "npm install" in the project first');
  }
}

function version(projectDir) {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(redJsPath(projectDir)), 'package.json'), 'utf8')).version;
}

/**
 * @param {{projectDir: string, settingsPath: string, userDir: string, port: number, logPath: string,
 *   args?: string[], env?: object, redJs?: string, node?: string, nodeArgs?: string[], cwd?: string,
 *   detached?: boolean}} opts args are extra Node-RED arguments (e.g. ["-D", "uiHost=127.0.0.1"]); redJs and
 *   node pick another Node-RED and Node binary (default: the node-red devDependency under this Node); nodeArgs
 *   go to Node before red.js. node may also be a wrapper that runs Node elsewhere (a chroot), with nodeArgs
 *   ending in its node command; then settingsPath, userDir and redJs are paths as that Node sees them and cwd
 *   (default: the settings file's folder) is a folder on this side. detached: the child leads its own process
 *   group and stop() signals the whole group, for a wrapper that forks and passes no signal on (unshare --fork).
 */
function start({ projectDir, settingsPath, userDir, port, logPath, args = [], env = process.env, redJs, node = process.execPath, nodeArgs = [], cwd, detached = false }) {
  const log = fs.openSync(logPath, 'a');
  // A log that is appended to (a restart) still holds the last run's port: read back only what this run wrote.
  const logOffset = fs.fstatSync(log).size;
  const argv = [...nodeArgs, redJs || redJsPath(projectDir), '--settings', settingsPath, '--userDir', userDir, '--port', String(port), ...args];
  const child = spawn(node, argv, { cwd: cwd || path.dirname(settingsPath), env, stdio: ['ignore', log, log], detached });
  fs.closeSync(log); // the child holds its own descriptor
  child.logOffset = logOffset;
  child.ownGroup = detached;
  // A child that could not be spawned emits 'error' and never 'exit': it counts as exited, so nothing waits forever.
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error: err.message });
    });
  });
  return child;
}

function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/auth/login', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

// Node-RED logs "Server now running at http://127.0.0.1:<port>/" once it listens: how a port 0 is read back.
function portFromLog(logPath, offset = 0) {
  let text = '';
  try {
    text = fs.readFileSync(logPath).subarray(offset).toString('utf8');
  } catch {
    return null;
  }
  const m = /Server now running at https?:\/\/[^/]*:(\d+)\//.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Resolves with the port once GET /auth/login answers 200; rejects if the child exits first or the timeout
 * passes. With port 0 the port is read back from Node-RED's log.
 * @param {object} child from start()
 * @param {{port: number, logPath: string, timeoutMs?: number}} opts
 */
async function waitUntilReady(child, { port, logPath, timeoutMs = READY_TIMEOUT_MS }) {
  let exited = null;
  child.exited.then((how) => {
    exited = how;
  });
  let known = port === 0 ? null : port;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Node-RED exited before it was ready (${exited.error || `code ${exited.code}, signal ${exited.signal}`})`);
    if (known === null) known = portFromLog(logPath, child.logOffset);
    if (known !== null && (await probe(known))) return known;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Node-RED did not answer on ${HOST}${known === null ? '' : `:${known}`} within ${timeoutMs / 1000} s`);
}

/** SIGTERM (Node-RED then stops its flows cleanly), SIGKILL if it has not gone after a grace period. */
async function stop(child) {
  if (child.ownGroup) return stopGroup(child);
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  const how = await child.exited;
  clearTimeout(timer);
  return how;
}

// A wrapper such as `unshare --fork` passes no signal on: it waits for the process it runs, which never hears of
// the SIGTERM. So the whole group is signalled, and stop() returns only once nothing of it is left: the wrapper
// may be gone (a SIGKILL does not reach past it) while the Node-RED it ran still lives. Signal 0 only asks.
async function stopGroup(child) {
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
      return true;
    } catch {
      return false; // ESRCH: nothing of the group is left
    }
  };
  const deadline = Date.now() + STOP_GRACE_MS;
  signal('SIGTERM');
  let killed = false;
  while (signal(0)) {
    if (!killed && Date.now() > deadline) killed = signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  return child.exited;
}

function lastLines(file, count) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
}

module.exports = { start, version, waitUntilReady, stop, lastLines, HOST };
