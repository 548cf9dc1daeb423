'use strict';
// Loaded with `mocha --require` by __test__/upstream-passport-jwt.test.js: runs passport-jwt's own test suite
// (node_modules/passport-jwt/test) against OUR modules. Every module that suite loads from
// node_modules/passport-jwt/lib is redirected to its counterpart here; anything without one is refused,
// so none of passport-jwt's own code can take part. At exit it prints one line saying what was redirected.

const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const upstreamLib = path.join(root, 'node_modules', 'passport-jwt', 'lib') + path.sep;

const counterparts = new Map([
  ['strategy.js', path.join(root, 'lib', 'passport', 'strategy.js')],
  ['extract_jwt.js', path.join(root, 'lib', 'passport', 'extract-jwt.js')],
  ['auth_header.js', path.join(root, 'lib', 'passport', 'auth-header.js')],
  ['verify_jwt.js', path.join(__dirname, 'upstream-passport-jwt-verify.js')],
  ['index.js', path.join(__dirname, 'upstream-passport-jwt-index.js')],
]);

const redirected = new Set();
const refused = new Set();
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function (request, parent, isMain, options) {
  const resolved = originalResolve.call(this, request, parent, isMain, options);
  if (!resolved.startsWith(upstreamLib)) return resolved;
  const relative = resolved.slice(upstreamLib.length);
  const target = counterparts.get(relative);
  if (target === undefined) {
    refused.add(relative);
    throw new Error(`passport-jwt/lib/${relative} has no counterpart in node-red-auth-jwt`);
  }
  redirected.add(relative);
  return target;
};

process.on('exit', () => {
  const loadedUpstream = Object.keys(require.cache).filter((file) => file.startsWith(upstreamLib));
  process.stderr.write(
    `UPSTREAM-HOOK ${JSON.stringify({
      redirected: [...redirected].sort(),
      refused: [...refused].sort(),
      loadedUpstream,
    })}\n`,
  );
});
