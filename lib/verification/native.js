'use strict';
// Loads the compiled addon that fits the running Node: an explicit override, else a local build (npm run build,
// or `node-red-auth-jwt build-from-source`), else the per-platform optional package that npm installed.
// If none loads, the error names the platform and says how to build from source; nothing falls back silently.

const fs = require('fs');
const path = require('path');
const { libc, platformTag } = require('./platform');
const { CODE } = require('../error-codes');

const BINARY = 'node-red-auth-jwt';
const ROOT = path.join(__dirname, '..', '..');
const ENV_PATH = 'NODE_RED_AUTH_JWT_NATIVE';
const BUILD_COMMAND = `npx ${BINARY} build-from-source`;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function packageVersion() {
  try {
    return readJson(path.join(ROOT, 'package.json')).version;
  } catch {
    return null;
  }
}

function prebuiltTags() {
  try {
    const deps = readJson(path.join(ROOT, 'package.json')).optionalDependencies || {};
    return Object.keys(deps)
      .filter((n) => n.startsWith(`${BINARY}-`))
      .map((n) => n.slice(BINARY.length + 1));
  } catch {
    return [];
  }
}

function checkBinding(binding, where) {
  for (const name of ['NativeVerifier', 'decodeHeader', 'panicProbe']) {
    if (typeof binding[name] !== 'function') {
      throw new Error(`${where} is not a ${BINARY} addon of this version (no ${name} export)`);
    }
  }
  return binding;
}

function loadFile(file) {
  return checkBinding(require(file), file);
}

function loadPackage(tag) {
  const name = `${BINARY}-${tag}`;
  const manifest = require.resolve(`${name}/package.json`, { paths: [ROOT] });
  const version = readJson(manifest).version;
  const ours = packageVersion();
  // A binary from another release may differ in what it accepts; refuse it rather than verify with it.
  if (ours && version !== ours) {
    throw new Error(`${name}@${version} is installed but ${BINARY}@${ours} needs ${name}@${ours}; reinstall`);
  }
  const file = require.resolve(name, { paths: [ROOT] });
  return { binding: loadFile(file), file };
}

function describeRuntime(tag) {
  const libcName = libc();
  return `${tag} (Node ${process.version}, ${process.platform}/${process.arch}` +
    `${process.platform === 'linux' ? `, libc ${libcName || 'unknown'}` : ''})`;
}

function noBinaryError(tag, attempts) {
  const prebuilt = prebuiltTags();
  const lines = [
    `${BINARY}: no native addon could be loaded for platform ${describeRuntime(tag)}.`,
    prebuilt.includes(tag)
      ? `A prebuilt binary exists for it (package ${BINARY}-${tag}), but it is not installed: npm skips ` +
        'optional dependencies with --omit=optional / --no-optional, or when the lockfile was made on another ' +
        'platform (npm/cli#4828). Reinstall without those, or delete package-lock.json and node_modules and reinstall.'
      : prebuilt.length
        ? `There is no prebuilt binary for ${tag} (prebuilt: ${prebuilt.join(', ')}).`
        // Only a source checkout lacks optionalDependencies (the release writes them in).
        : `There is no prebuilt binary in this source checkout: run \`npm run build\` (needs cargo).`,
    'To build it from source: install Rust (cargo, https://rustup.rs) and a C compiler (build-base on Alpine, ' +
      `build-essential on Debian), then run \`${BUILD_COMMAND}\` where the package is installed ` +
      '(it compiles for this machine and puts the addon where this loader finds it).',
  ];
  if (attempts.length) lines.push('Tried:', ...attempts.map((a) => `  ${a}`));
  const err = new Error(lines.join('\n'));
  err.code = CODE.ERR_NODE_RED_AUTH_JWT_NO_BINARY;
  err.platform = tag;
  return err;
}

function load() {
  const override = process.env[ENV_PATH];
  if (override) {
    // An explicit path is a decision: if it fails, say so instead of quietly loading something else.
    const file = path.resolve(override);
    try {
      return { binding: loadFile(file), file };
    } catch (err) {
      const e = new Error(`${BINARY}: ${ENV_PATH}=${override} could not be loaded: ${err.message}`);
      e.code = CODE.ERR_NODE_RED_AUTH_JWT_NO_BINARY;
      throw e;
    }
  }

  const detected = libc();
  // With an inconclusive libc check, try glibc first, then musl: a wrong-libc addon fails to load harmlessly.
  const tags = process.platform === 'linux' && detected === null
    ? [platformTag('glibc'), platformTag('musl')]
    : [platformTag()];
  const attempts = [];
  for (const tag of tags) {
    const local = path.join(ROOT, 'native', `${BINARY}.${tag}.node`);
    if (fs.existsSync(local)) {
      try {
        return { binding: loadFile(local), file: local };
      } catch (err) {
        attempts.push(`${local}: ${err.message}`);
      }
    }
    try {
      return loadPackage(tag);
    } catch (err) {
      attempts.push(`${BINARY}-${tag}: ${err.code === 'MODULE_NOT_FOUND' ? 'not installed' : err.message}`);
    }
  }
  throw noBinaryError(tags[0], attempts);
}

const { binding, file } = load();

module.exports = {
  NativeVerifier: binding.NativeVerifier,
  decodeHeader: binding.decodeHeader,
  panicProbe: binding.panicProbe,
  platformTag,
  // Which file was loaded: lets tests and bug reports show that npm installed the right package.
  bindingPath: file,
};
