'use strict';
// The install path of the nodered/node-red image, reproduced without Docker: npm pack the main package and the
// platform packages, npm install them into a fresh folder next to node-red (/usr/src/node-red), start Node-RED
// with the factory in settings.js, and sign in. Once with this machine's glibc Node, once inside the
// Alpine-like musl root of musl-node.sh. npm alone decides (os/cpu/libc) which platform package to install.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { TARGETS, crossDir, byTag } = require('../scripts/dist/targets');
const app = require('./support/node-red-app');
const { makeFixtures } = require('./support/make-fixtures');
const { muslNodeScript, nodeFor } = require('./support/runtimes');

const ROOT = path.resolve(__dirname, '..');
const CHECK = path.join(__dirname, 'support', 'load-check.js');
const NPM_CACHE = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
// --offline: tests talk to 127.0.0.1 only, so node-red and its dependencies come from the local npm cache.
const NPM_FLAGS = ['--offline', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-install-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));
let tarballs;
test.before(() => {
  tarballs = app.packAll(ROOT, path.join(work, 'pkgs'), TARGETS.map((t) => t.tag));
});

function installed(appDir) {
  return fs.readdirSync(path.join(appDir, 'node_modules')).filter((n) => n.startsWith('node-red-auth-jwt'));
}

async function signInFlow(t, base, token) {
  const login = await (await fetch(`${base}/auth/login`)).json();
  assert.equal(login.type, 'strategy');
  const unauth = await fetch(`${base}/flows`);
  assert.equal(unauth.status, 401);
  const s = await app.signIn(base, token);
  assert.equal(s.status, 302, s.location);
  assert.ok(s.accessToken, `no access_token in ${s.location}`);
  const flows = await fetch(`${base}/flows`, { headers: { authorization: `Bearer ${s.accessToken}` } });
  assert.equal(flows.status, 200);
  const settings = await (await fetch(`${base}/settings`, { headers: { authorization: `Bearer ${s.accessToken}` } })).json();
  assert.equal(settings.user.username, 'alice');
  // The admin API also takes the JWT itself, and refuses a tampered one.
  const direct = await fetch(`${base}/flows`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(direct.status, 200);
  const parts = token.split('.');
  const forged = `${parts[0]}.${Buffer.from(JSON.stringify({ sub: 'alice', iss: 'dist-test', aud: 'node-red', exp: 4102444800 })).toString('base64url')}.${parts[2]}`;
  const refused = await fetch(`${base}/flows`, { headers: { authorization: `Bearer ${forged}` } });
  assert.equal(refused.status, 401);
  t.diagnostic(`signed in to Node-RED ${settings.version} as ${settings.user.username}`);
}

test('glibc: npm installs linux-x64-gnu only, the loader uses it, Node-RED signs in', async (t) => {
  const appDir = path.join(work, 'glibc', 'usr', 'src', 'node-red');
  const dataDir = path.join(work, 'glibc', 'data');
  app.writeApp(appDir, tarballs);
  const npm = (args) => {
    const r = spawnSync('npm', ['install', ...NPM_FLAGS, ...args], { cwd: appDir, encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 0, `npm install ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  };
  npm([]); // the image: node-red
  npm([path.relative(appDir, tarballs.main)]); // the user: this package
  assert.deepEqual(installed(appDir).sort(), ['node-red-auth-jwt', 'node-red-auth-jwt-linux-x64-gnu']);

  const cases = makeFixtures(path.join(work, 'glibc', 'fixtures'));
  const r = spawnSync(process.execPath, [CHECK, '--package', appDir, cases], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout.trim());
  assert.equal(out.platformTag, 'linux-x64-gnu');
  assert.ok(out.bindingPath.includes(`${path.sep}node-red-auth-jwt-linux-x64-gnu${path.sep}`), out.bindingPath);
  assert.equal(out.ok, true, JSON.stringify(out));

  const { token } = app.writeUserDir(dataDir);
  const url = await app.startNodeRed(t, {
    redJs: path.join(appDir, 'node_modules', 'node-red', 'red.js'),
    userDir: dataDir,
    settingsPath: path.join(dataDir, 'settings.js'),
    cwd: appDir,
    env: { ...process.env, NODE_PATH: `${path.join(appDir, 'node_modules')}:${path.join(dataDir, 'node_modules')}` },
    logPath: path.join(work, 'glibc', 'node-red.log'),
  });
  await signInFlow(t, url, token);
});

test('musl (Alpine-like chroot): npm installs linux-x64-musl only, the loader uses it, Node-RED signs in', async (t) => {
  // Inside the chroot: /usr/src = <work>/musl/usr/src (app + pkgs), /data = user dir, npm cache read from the host.
  const base = path.join(work, 'musl');
  const srcDir = path.join(base, 'usr', 'src');
  const appDir = path.join(srcDir, 'node-red');
  const dataDir = path.join(base, 'data');
  fs.cpSync(path.join(work, 'pkgs'), path.join(srcDir, 'pkgs'), { recursive: true });
  const guestTarballs = {
    main: path.join(srcDir, 'pkgs', path.basename(tarballs.main)),
    platform: Object.fromEntries(Object.entries(tarballs.platform).map(([n, f]) => [n, path.join(srcDir, 'pkgs', path.basename(f))])),
  };
  app.writeApp(appDir, guestTarballs);
  makeFixtures(path.join(dataDir, 'fixtures'));
  fs.copyFileSync(CHECK, path.join(dataDir, 'load-check.js'));
  const { token } = app.writeUserDir(dataDir);

  const chroot = (cmd) => ['chroot', '-v', `${srcDir}:/usr/src`, '-v', `${dataDir}:/data`,
    '-v', `${path.join(NPM_CACHE, '_cacache')}:/npm-cache/_cacache`, '-w', '/usr/src/node-red', '--', ...cmd];
  const sh = (script) => {
    return spawnSync(muslNodeScript(), chroot(['/bin/sh', '-c', script]), { encoding: 'utf8', timeout: 900_000 });
  };
  const npmArgs = `${NPM_FLAGS.join(' ')} --cache /npm-cache --logs-dir /tmp`;
  let r = sh(`npm install ${npmArgs} && npm install ${npmArgs} ../pkgs/${path.basename(tarballs.main)}`);
  assert.equal(r.status, 0, `npm install in the musl chroot:\n${r.stdout}\n${r.stderr}`);
  assert.deepEqual(installed(appDir).sort(), ['node-red-auth-jwt', 'node-red-auth-jwt-linux-x64-musl']);

  r = sh('node /data/load-check.js --package /usr/src/node-red /data/fixtures/cases.json');
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.equal(out.glibcRuntime, null);
  assert.equal(out.platformTag, 'linux-x64-musl');
  assert.equal(out.bindingPath, '/usr/src/node-red/node_modules/node-red-auth-jwt-linux-x64-musl/node-red-auth-jwt.linux-x64-musl.node');
  assert.equal(out.ok, true, JSON.stringify(out));

  // The image's entrypoint: node node_modules/node-red/red.js --userDir /data, with the image's NODE_PATH.
  // The wrapper forks (unshare, chroot): detached, so that stopping it stops the Node-RED inside too. The log is
  // opened on this side and handed to the wrapper as its stdout, so the port is read back from outside the chroot.
  const logPath = path.join(base, 'node-red.log');
  const url = await app.startNodeRed(t, {
    node: muslNodeScript(),
    nodeArgs: chroot(['/usr/bin/env', 'NODE_PATH=/usr/src/node-red/node_modules:/data/node_modules', 'node']),
    redJs: 'node_modules/node-red/red.js',
    userDir: '/data',
    settingsPath: '/data/settings.js',
    cwd: base,
    detached: true,
    logPath,
  });
  await signInFlow(t, url, token);
  assert.doesNotMatch(fs.readFileSync(logPath, 'utf8'), /linux-x64-gnu/);
});

// With a current npm, a dependency with an install script gets "install scripts not yet covered by allowScripts";
// pnpm 10 and Bun skip such scripts. The package has none: npm installs it without a word about scripts.
const SCRIPT_WARNING = /install.?scripts?|allowScripts/i;
const INSTALL_LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare'];

function tarballManifest(tarball) {
  const r = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('installing runs no script and npm prints no install-script warning', (t) => {
  assert.deepEqual(INSTALL_LIFECYCLE.filter((k) => tarballManifest(tarballs.main).scripts?.[k]), []);
  // The user's npm, as from a shell. Under `npm run test:dist`, PATH starts with node_modules/.bin, where a
  // dependency's older npm 10 (which has no script warning at all) would answer instead; npm_execpath is the npm
  // that runs this script. Its npm_config_* variables are dropped too.
  const npmCmd = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const version = spawnSync(npmCmd[0], [...npmCmd.slice(1), '--version'], { env: userEnv, encoding: 'utf8' }).stdout.trim();
  t.diagnostic(`npm ${version}`);
  const install = (name, tarball) => {
    const appDir = path.join(work, name, 'app');
    fs.mkdirSync(appDir, { recursive: true });
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
    // npm's default log level (warn): --loglevel=error would hide the very warning looked for.
    const flags = NPM_FLAGS.filter((f) => !f.startsWith('--loglevel'));
    const r = spawnSync(npmCmd[0], [...npmCmd.slice(1), 'install', ...flags, '--omit=optional', path.relative(appDir, tarball)],
      { cwd: appDir, env: userEnv, encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    return { appDir, output: `${r.stdout}\n${r.stderr}` };
  };
  const { appDir, output } = install('noscript', tarballs.main);
  assert.doesNotMatch(output, SCRIPT_WARNING);
  t.diagnostic(`npm install printed: ${JSON.stringify(output.trim())}`);

  // The control: the same package with an install hook added does draw npm's warning, so the check above can fail.
  const stage = path.join(work, 'withscript-stage');
  fs.mkdirSync(stage, { recursive: true });
  assert.equal(spawnSync('tar', ['-xzf', tarballs.main, '-C', stage]).status, 0);
  const manifestFile = path.join(stage, 'package', 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.scripts = { ...manifest.scripts, install: 'node -e 0' };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', stage, path.join(stage, 'package')], { encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const control = install('withscript', path.join(stage, JSON.parse(packed.stdout)[0].filename));
  assert.match(control.output, SCRIPT_WARNING, 'npm no longer warns about install scripts: this check proves nothing');

  // Without a binary (--omit=optional), the first require names the platform and the build command.
  const r = spawnSync(process.execPath, ['-e', "try { require('node-red-auth-jwt'); } catch (e) { console.log(e.code + '\\n' + e.message); }"],
    { cwd: appDir, encoding: 'utf8' });
  assert.match(r.stdout, /^ERR_NODE_RED_AUTH_JWT_NO_BINARY\n/);
  assert.match(r.stdout, /platform linux-x64-gnu/);
  assert.match(r.stdout, /`npx node-red-auth-jwt build-from-source`/);
  assert.ok(!fs.existsSync(path.join(appDir, 'node_modules', 'node-red-auth-jwt', 'native')));
});

test('npx node-red-auth-jwt build-from-source compiles the addon for a platform without a binary', (t) => {
  const appDir = path.join(work, 'source', 'app');
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'source-build', version: '1.0.0', private: true }));
  // --omit=optional: no prebuilt binary at all, as on a platform we do not build for.
  let r = spawnSync('npm', ['install', ...NPM_FLAGS, '--omit=optional', path.relative(appDir, tarballs.main)],
    { cwd: appDir, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.deepEqual(installed(appDir), ['node-red-auth-jwt']);
  const env = {
    ...process.env,
    // Cached between runs, away from the main build's target/; offline: crates come from the local registry cache.
    CARGO_TARGET_DIR: path.join(crossDir(), 'source-build'),
    CARGO_NET_OFFLINE: 'true',
  };
  r = spawnSync('npx', ['--offline', '--no-install', 'node-red-auth-jwt', 'build-from-source'],
    { cwd: appDir, env, encoding: 'utf8', timeout: 1_800_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const native = path.join(appDir, 'node_modules', 'node-red-auth-jwt', 'native', 'node-red-auth-jwt.linux-x64-gnu.node');
  assert.match(r.stdout, /^built .*native\/node-red-auth-jwt\.linux-x64-gnu\.node in \d+ s\n$/);
  assert.match(r.stderr, /building the linux-x64-gnu addon from source with cargo/);
  const cases = makeFixtures(path.join(work, 'source', 'fixtures'));
  const check = spawnSync(process.execPath, [CHECK, '--package', appDir, cases], { encoding: 'utf8' });
  const out = JSON.parse(check.stdout.trim());
  assert.equal(out.bindingPath, native);
  assert.equal(out.ok, true, JSON.stringify(out));
  t.diagnostic('source build loaded from native/ and verified all four algorithms');
});

test('build-from-source without cargo fails with a message that says what to install', () => {
  const appDir = path.join(work, 'source', 'app');
  const r = spawnSync('npx', ['--offline', '--no-install', 'node-red-auth-jwt', 'build-from-source'],
    { cwd: appDir, env: { ...process.env, CARGO: '/nonexistent/cargo' }, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /`\/nonexistent\/cargo` is not on PATH\. Install Rust \(https:\/\/rustup\.rs\)/);
  assert.equal(r.stdout, '');
});

// npm on this machine, told it is on Windows x64: its os/cpu filter alone picks the platform package. Then the
// real Windows Node (node.exe under Wine) loads the addon from that install, the way users' code does.
test('win32 x64: npm installs win32-x64-gnu only, and the Windows Node under Wine loads it from there', (t) => {
  const appDir = path.join(work, 'win32', 'app');
  app.writeApp(appDir, tarballs);
  const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  delete pkg.dependencies['node-red'];
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, null, 2));
  const r = spawnSync('npm', ['install', ...NPM_FLAGS, '--os=win32', '--cpu=x64', path.relative(appDir, tarballs.main)],
    { cwd: appDir, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.deepEqual(installed(appDir).sort(), ['node-red-auth-jwt', 'node-red-auth-jwt-win32-x64-gnu']);
  const cases = makeFixtures(path.join(work, 'win32', 'fixtures'));
  const check = spawnSync(nodeFor(byTag('win32-x64-gnu')), [CHECK, '--package', appDir, cases], { encoding: 'utf8', timeout: 300_000 });
  const out = JSON.parse(check.stdout.trim().split('\n').pop());
  assert.equal(out.platform, 'win32');
  assert.equal(out.platformTag, 'win32-x64-gnu');
  assert.match(out.bindingPath, /node_modules\\node-red-auth-jwt-win32-x64-gnu\\node-red-auth-jwt\.win32-x64-gnu\.node$/);
  assert.equal(out.ok, true, JSON.stringify(out));
  t.diagnostic(`Windows Node ${out.node} loaded ${out.bindingPath}`);
});

test('armv7 musl: npm picks linux-arm-musleabihf, never the glibc arm package', () => {
  const appDir = path.join(work, 'armmusl', 'app');
  app.writeApp(appDir, tarballs);
  const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  delete pkg.dependencies['node-red'];
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, null, 2));
  const r = spawnSync('npm', ['install', ...NPM_FLAGS, '--os=linux', '--cpu=arm', '--libc=musl', path.relative(appDir, tarballs.main)],
    { cwd: appDir, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.deepEqual(installed(appDir).sort(), ['node-red-auth-jwt', 'node-red-auth-jwt-linux-arm-musleabihf']);
});

// arm64 under qemu: npm itself (running on the arm64 Node) picks the package; no Node-RED here, it would take
// minutes to install under emulation and the sign-in is already proven above with the same JS.
for (const [libcName, tag] of [['musl', 'linux-arm64-musl'], ['glibc', 'linux-arm64-gnu']]) {
  test(`arm64 ${libcName} (qemu chroot): npm installs ${tag} only and the loader uses it`, () => {
    const srcDir = path.join(work, `arm64-${libcName}`, 'usr', 'src');
    const appDir = path.join(srcDir, 'app');
    const dataDir = path.join(work, `arm64-${libcName}`, 'data');
    fs.cpSync(path.join(work, 'pkgs'), path.join(srcDir, 'pkgs'), { recursive: true });
    app.writeApp(appDir, {
      platform: Object.fromEntries(Object.entries(tarballs.platform).map(([n, f]) => [n, path.join(srcDir, 'pkgs', path.basename(f))])),
    });
    // Only the overrides matter here: this app does not depend on node-red.
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    delete pkg.dependencies['node-red'];
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(pkg, null, 2));
    makeFixtures(path.join(dataDir, 'fixtures'));
    fs.copyFileSync(CHECK, path.join(dataDir, 'load-check.js'));
    const npmArgs = `${NPM_FLAGS.join(' ')} --cache /npm-cache --logs-dir /tmp`;
    const r = spawnSync(muslNodeScript(), ['--arch', 'aarch64', '--libc', libcName, 'chroot',
      '-v', `${srcDir}:/usr/src`, '-v', `${dataDir}:/data`, '-v', `${path.join(NPM_CACHE, '_cacache')}:/npm-cache/_cacache`,
      '-w', '/usr/src/app', '--', '/bin/sh', '-c',
      `npm install ${npmArgs} ../pkgs/${path.basename(tarballs.main)} && node /data/load-check.js --package /usr/src/app /data/fixtures/cases.json`],
    { encoding: 'utf8', timeout: 1_200_000 });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.deepEqual(installed(appDir).sort(), ['node-red-auth-jwt', `node-red-auth-jwt-${tag}`]);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.equal(out.arch, 'arm64');
    assert.equal(out.platformTag, tag);
    assert.equal(out.bindingPath, `/usr/src/app/node_modules/node-red-auth-jwt-${tag}/node-red-auth-jwt.${tag}.node`);
    if (libcName === 'musl') assert.equal(out.glibcRuntime, null);
    else assert.match(out.glibcRuntime, /^2\.\d+$/);
    assert.equal(out.ok, true, JSON.stringify(out));
  });
}
