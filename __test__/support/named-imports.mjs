// Run by __test__/esm.test.js and test-dist/esm-versions.test.js in a folder where node_modules/node-red-auth-jwt
// is this package: the static imports a user of ESM (or TypeScript with --module nodenext) writes. A missing
// named export fails right here, at link time, as it would for the user. Prints one JSON line.
import nodeRedAuthJwt, * as ns from 'node-red-auth-jwt';
import {
  Strategy, ExtractJwt, verify, jwks, presets, JsonWebTokenError, TokenExpiredError, NotBeforeError,
} from 'node-red-auth-jwt';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';

const cjs = createRequire(import.meta.url)('node-red-auth-jwt');
const named = { Strategy, ExtractJwt, verify, jwks, presets, JsonWebTokenError, TokenExpiredError, NotBeforeError };

// The ESM names must be the very objects require() returns: one module instance, no copy.
const sameAsRequire = Object.entries(named).filter(([k, v]) => v !== cjs[k]).map(([k]) => k);

// And they work: an HS256 token verifies through the native addon, a tampered one is refused.
const secret = 'esm-check-secret-of-at-least-32-bytes!';
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const header = b64({ alg: 'HS256', typ: 'JWT' });
const exp = Math.floor(Date.now() / 1000) + 60;
const input = `${header}.${b64({ sub: 'esm', exp })}`;
const signature = createHmac('sha256', secret).update(input).digest('base64url');
const token = `${input}.${signature}`;
let tamperedError = null;
try {
  verify(`${header}.${b64({ sub: 'mallory', exp })}.${signature}`, secret, { algorithms: ['HS256'] });
  tamperedError = 'accepted';
} catch (err) {
  tamperedError = err instanceof JsonWebTokenError ? err.name : String(err);
}

console.log(JSON.stringify({
  node: process.version,
  // Node 23+ also names the whole module.exports 'module.exports'; like 'default', it is not one of ours.
  names: Object.keys(ns).filter((n) => n !== 'default' && n !== 'module.exports').sort(),
  wholeModule: ns['module.exports'] === undefined || ns['module.exports'] === cjs,
  requireNames: Object.keys(cjs).sort(),
  defaultIsRequire: nodeRedAuthJwt === cjs && ns.default === cjs,
  sameAsRequire,
  strategyName: new Strategy({ secretOrKey: secret, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() }, () => {}).name,
  verifiedSub: verify(token, secret, { algorithms: ['HS256'] }).sub,
  tamperedError,
}));
