'use strict';
// The pieces of the install test that mimic the nodered/node-red image: an app folder like /usr/src/node-red,
// a /data user dir with settings.js and a public key, and a real Node-RED process driven over HTTP on 127.0.0.1,
// started on port 0 by the project's one launcher, which reads the port back from Node-RED's log.

const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { sign } = require('./make-fixtures');
const { setOptionalDependencies } = require('../../scripts/dist/npm-packages');
const nodeRed = require('../../scripts/demo/node_red_process');

const NODE_RED_VERSION = require('node-red/package.json').version;
// Longer than the launcher's default: the musl case loads Node-RED through a chroot on a busy machine.
const READY_TIMEOUT_MS = 120_000;

// The image's own package.json has node-red as its only dependency. `overrides` only tell npm where each
// unpublished platform package's tarball is; npm still decides by os/cpu/libc which ones to install.
function writeApp(appDir, tarballs) {
  fs.mkdirSync(appDir, { recursive: true });
  const overrides = {};
  for (const [name, file] of Object.entries(tarballs.platform)) {
    overrides[name] = `file:${path.relative(appDir, file)}`;
  }
  const pkg = { name: 'node-red-docker', version: '1.0.0', private: true,
    dependencies: { 'node-red': NODE_RED_VERSION }, overrides };
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, null, 2));
}

// npm pack of the main package as the release publishes it (optionalDependencies written in, as the release
// workflow does before npm publish) and of every Linux platform package (from npm/, made by build-all).
function packAll(rootDir, packDir, tags) {
  fs.mkdirSync(packDir, { recursive: true });
  const pack = (dir, dest = packDir) => {
    const r = spawnSync('npm', ['pack', '--json', '--no-update-notifier', '--pack-destination', dest, dir], { cwd: rootDir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm pack ${dir} failed:\n${r.stderr}`);
    return path.join(dest, JSON.parse(r.stdout)[0].filename);
  };
  const stage = path.join(packDir, '..', 'stage');
  fs.mkdirSync(stage, { recursive: true });
  const raw = pack(rootDir, stage);
  const untar = spawnSync('tar', ['-xzf', raw, '-C', stage], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar -xzf ${raw} failed:\n${untar.stderr}`);
  setOptionalDependencies(path.join(stage, 'package', 'package.json'));
  const main = pack(path.join(stage, 'package'));
  const platform = {};
  for (const tag of tags) {
    // Absolute: a bare "npm/<tag>" would be read as a GitHub shorthand.
    const file = pack(path.join(rootDir, 'npm', tag));
    const manifest = JSON.parse(fs.readFileSync(path.join(rootDir, 'npm', tag, 'package.json'), 'utf8'));
    platform[manifest.name] = file;
  }
  return { main, platform };
}

// No uiPort: Node-RED gets --port 0 from the launcher, which reads the port it was given back from the log.
function writeUserDir(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(path.join(dataDir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  // The settings.js a user writes, as in the image: require() resolves through NODE_PATH.
  fs.writeFileSync(path.join(dataDir, 'settings.js'), `'use strict';
const fs = require('fs');
const path = require('path');
module.exports = {
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: 'dist-test-only',
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false },
  editorTheme: { tours: false },
  adminAuth: require('node-red-auth-jwt')({
    publicKey: fs.readFileSync(path.join(__dirname, 'public.pem')),
    algorithms: ['EdDSA'],
    issuer: 'dist-test',
    audience: 'node-red',
    users: [{ username: 'alice', permissions: '*' }],
  }),
};
`);
  const now = Math.floor(Date.now() / 1000);
  const token = sign('EdDSA', privateKey, { sub: 'alice', iss: 'dist-test', aud: 'node-red', iat: now, exp: now + 600 });
  return { token };
}

/**
 * Starts Node-RED with the launcher's options (scripts/demo/node_red_process.js start()) on port 0, stops it when
 * test `t` ends and resolves with its base URL once GET /auth/login answers; a failed start carries the log.
 */
async function startNodeRed(t, opts) {
  const child = nodeRed.start({ ...opts, port: 0 });
  t.after(() => nodeRed.stop(child));
  try {
    const port = await nodeRed.waitUntilReady(child, { port: 0, logPath: opts.logPath, timeoutMs: READY_TIMEOUT_MS });
    return `http://${nodeRed.HOST}:${port}`;
  } catch (err) {
    throw new Error(`${err.message}:\n${nodeRed.lastLines(opts.logPath, 60)}`);
  }
}

// The editor's sign-in: the strategy callback with ?token=, then the admin API with Node-RED's own token.
async function signIn(base, jwt) {
  const res = await fetch(`${base}/auth/strategy?token=${encodeURIComponent(jwt)}`, { redirect: 'manual' });
  const location = res.headers.get('location') || '';
  const m = /[?&]access_token=([^&]+)/.exec(location);
  return { status: res.status, location, accessToken: m ? decodeURIComponent(m[1]) : null };
}

module.exports = { writeApp, packAll, writeUserDir, startNodeRed, signIn, NODE_RED_VERSION };
