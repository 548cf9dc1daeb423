#!/usr/bin/env node
'use strict';
// `npm start`: a real Node-RED on 127.0.0.1 secured by node-red-auth-jwt, with demo keys and ready-made
// sign-in links. Environment: DEMO_PORT (default 1880), DEMO_DIR (default <project>/.demo, git-ignored).
// Ctrl-C stops Node-RED and the demo.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { generatePemKeyPair, writeKeyPair } = require('../lib/cli/keygen');
const { renderSettings } = require('./demo/settings_file');
const nodeRed = require('./demo/node_red_process');
const { usageText } = require('./demo/links');

const PROJECT = path.resolve(__dirname, '..');

let child = null;
// Last resort: whatever ends this process, Node-RED must not outlive it.
process.on('exit', () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

function config() {
  const port = process.env.DEMO_PORT === undefined ? 1880 : Number(process.env.DEMO_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`DEMO_PORT must be a port number (got "${process.env.DEMO_PORT}")`);
  const dir = path.resolve(process.env.DEMO_DIR || path.join(PROJECT, '.demo'));
  return { port, dir, keyDir: path.join(dir, 'keys'), userDir: path.join(dir, 'userdir'), settingsPath: path.join(dir, 'settings.js'), logPath: path.join(dir, 'node-red.log') };
}

// The native addon is what verifies tokens inside Node-RED; build it once if this checkout has none.
function ensureNativeBuild() {
  try {
    require('../lib/native');
    return;
  } catch (err) {
    if (err.code !== 'ERR_NODE_RED_AUTH_JWT_NO_BINARY') throw err;
  }
  console.error('No native addon yet: running "npm run build" (needs Rust; about a minute the first time)...');
  // stdout to our stderr, so the demo's own stdout is only the links.
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: PROJECT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`"npm run build" failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

// Keys are kept between runs, so a sign-in from an earlier run (kept in userdir/.sessions.json) still works.
function ensureKeys(keyDir) {
  const privatePath = path.join(keyDir, 'private.pem');
  const publicPath = path.join(keyDir, 'public.pem');
  if (!fs.existsSync(privatePath) || !fs.existsSync(publicPath)) {
    writeKeyPair(keyDir, generatePemKeyPair('EdDSA'), { force: true });
  }
  return { privatePath, publicPath, privateKey: fs.readFileSync(privatePath, 'utf8') };
}

function relative(file) {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

async function main() {
  const cfg = config();
  ensureNativeBuild();
  fs.mkdirSync(cfg.userDir, { recursive: true });
  const keys = ensureKeys(cfg.keyDir);
  fs.writeFileSync(cfg.settingsPath, renderSettings({ projectDir: PROJECT, publicKeyPath: keys.publicPath, port: cfg.port }));
  fs.writeFileSync(cfg.logPath, '');

  child = nodeRed.start({ projectDir: PROJECT, settingsPath: cfg.settingsPath, userDir: cfg.userDir, port: cfg.port, logPath: cfg.logPath });
  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) {
      child.kill('SIGKILL'); // a second Ctrl-C: do not wait for a clean stop
      return;
    }
    stopping = true;
    console.log(`\n${signal}: stopping Node-RED...`);
    await nodeRed.stop(child);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  // `npm start` runs us through `sh -c`; killing npm (not Ctrl-C, which reaches the whole process group) ends
  // the shell and leaves us orphaned. Notice that and stop, rather than leave Node-RED running unseen.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent exited');
  }, 1000).unref();

  console.log(`Starting Node-RED ${nodeRed.version(PROJECT)} (pid ${child.pid}) on http://${nodeRed.HOST}:${cfg.port}/ ...`);
  try {
    await nodeRed.waitUntilReady(child, cfg.port);
  } catch (err) {
    if (stopping) return;
    await nodeRed.stop(child);
    console.error(`${err.message}\nLast lines of ${cfg.logPath}:\n${nodeRed.lastLines(cfg.logPath, 15)}`);
    process.exit(1);
  }
  if (stopping) return;

  const base = `http://${nodeRed.HOST}:${cfg.port}/`;
  console.log(`Node-RED is running at ${base}, secured by node-red-auth-jwt.`);
  console.log(`  settings: ${relative(cfg.settingsPath)}   keys: ${relative(cfg.keyDir)}   log: ${relative(cfg.logPath)}\n`);
  console.log(usageText({
    base,
    privateKey: keys.privateKey,
    privateKeyRelative: relative(keys.privatePath),
    cliRelative: relative(path.join(PROJECT, 'bin', 'node-red-auth-jwt.js')),
  }));
  console.log('Press Ctrl-C to stop.');

  const how = await child.exited;
  if (!stopping) {
    console.error(`Node-RED stopped by itself (code ${how.code}, signal ${how.signal}). Last lines of ${cfg.logPath}:\n${nodeRed.lastLines(cfg.logPath, 15)}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
});
