#!/usr/bin/env node
'use strict';
// `npm start`: a local OpenID provider and a real Node-RED secured by node-red-auth-jwt's code flow, both on
// 127.0.0.1. The newcomer opens Node-RED, clicks "Sign in", signs in at the provider and is back in the editor.
// Environment: DEMO_PORT (Node-RED, default 1880; 0 picks a free port), DEMO_OIDC_PORT (the provider, default a
// free port), DEMO_ID_TOKEN_TTL (seconds, default 120), DEMO_DIR (default <project>/.demo, git-ignored).
// Ctrl-C or SIGTERM stops all of it.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { renderSettings } = require('./demo/settings_file');
const nodeRed = require('./demo/node_red_process');
const { startIdentityProvider } = require('./demo/identity_provider');
const { usageText } = require('./demo/links');

const PROJECT = path.resolve(__dirname, '..');

let child = null;
let idp = null;
// Last resort: whatever ends this process, Node-RED must not outlive it.
process.on('exit', () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

function portFrom(name, fallback) {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, or 0 for a free one (got "${raw}")`);
  return port;
}

function secondsFrom(name) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a number of seconds (got "${raw}")`);
  return Number(raw);
}

function config() {
  const dir = path.resolve(process.env.DEMO_DIR || path.join(PROJECT, '.demo'));
  return {
    port: portFrom('DEMO_PORT', 1880),
    oidcPort: portFrom('DEMO_OIDC_PORT', 0),
    idTokenTTL: secondsFrom('DEMO_ID_TOKEN_TTL'),
    dir,
    keyDir: path.join(dir, 'provider-key'),
    userDir: path.join(dir, 'userdir'),
    settingsPath: path.join(dir, 'settings.js'),
    logPath: path.join(dir, 'node-red.log'),
  };
}

// The native addon is what verifies tokens inside Node-RED; build it once if this checkout has none.
function ensureNativeBuild() {
  try {
    require('../lib/verification/native');
    return;
  } catch (err) {
    if (err.code !== 'ERR_NODE_RED_AUTH_JWT_NO_BINARY') throw err;
  }
  console.error('No native addon yet: running "npm run build" (needs Rust; about a minute the first time)...');
  // stdout to our stderr, so the demo's own stdout is only the links.
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: PROJECT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`"npm run build" failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

function relative(file) {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

let stopping = false;
async function shutdown(signal) {
  if (stopping) {
    if (child) child.kill('SIGKILL'); // a second Ctrl-C: do not wait for a clean stop
    return;
  }
  stopping = true;
  console.log(`\n${signal}: stopping Node-RED and the identity provider...`);
  if (child) await nodeRed.stop(child);
  if (idp) await idp.op.close();
  console.log('Stopped.');
  process.exit(0);
}

async function main() {
  // From the first moment: a signal during start-up must stop what has been started so far.
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  // `npm start` runs us through `sh -c`; should the shell end without passing the signal on, we are orphaned.
  // Notice that and stop, rather than leave Node-RED running unseen.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent exited');
  }, 1000).unref();

  const cfg = config();
  ensureNativeBuild();
  fs.mkdirSync(cfg.userDir, { recursive: true });
  // The provider keeps its sessions in memory: sessions from an earlier run could never be renewed.
  fs.rmSync(path.join(cfg.userDir, '.sessions.json'), { force: true });

  idp = await startIdentityProvider({ keyDir: cfg.keyDir, port: cfg.oidcPort, idTokenTTL: cfg.idTokenTTL });
  if (stopping) return;
  console.log(`Identity provider (oidc-provider, demo only) on ${idp.issuer} (demo pid ${process.pid})`);
  fs.writeFileSync(cfg.settingsPath, renderSettings({ projectDir: PROJECT, issuer: idp.issuer, clientId: idp.clientId }));
  fs.writeFileSync(cfg.logPath, '');

  child = nodeRed.start({ projectDir: PROJECT, settingsPath: cfg.settingsPath, userDir: cfg.userDir, port: cfg.port, logPath: cfg.logPath });
  console.log(`Starting Node-RED ${nodeRed.version(PROJECT)} (pid ${child.pid}) on ${nodeRed.HOST} port ${cfg.port || '(a free one)'} ...`);
  let port;
  try {
    port = await nodeRed.waitUntilReady(child, { port: cfg.port, logPath: cfg.logPath });
  } catch (err) {
    if (stopping) return;
    await nodeRed.stop(child);
    await idp.op.close();
    console.error(`${err.message}\nLast lines of ${cfg.logPath}:\n${nodeRed.lastLines(cfg.logPath, 15)}`);
    process.exit(1);
  }
  if (stopping) return;

  const base = `http://${nodeRed.HOST}:${port}/`;
  idp.register(base);
  console.log(`Node-RED is running at ${base}, secured by node-red-auth-jwt.`);
  console.log(`  settings: ${relative(cfg.settingsPath)} (copy it for your own provider)   log: ${relative(cfg.logPath)}\n`);
  console.log(usageText({
    base,
    idp,
    privateKeyRelative: relative(idp.privatePath),
    cliRelative: relative(path.join(PROJECT, 'bin', 'node-red-auth-jwt.js')),
  }));
  console.log('Press Ctrl-C to stop.');

  const how = await child.exited;
  if (!stopping) {
    console.error(`Node-RED stopped by itself (code ${how.code}, signal ${how.signal}). Last lines of ${cfg.logPath}:\n${nodeRed.lastLines(cfg.logPath, 15)}`);
    await idp.op.close();
    process.exit(1);
  }
}

main().catch(async (err) => {
  console.error(`npm start: ${err.message}`);
  if (child) await nodeRed.stop(child);
  if (idp) await idp.op.close();
  process.exit(1);
});
