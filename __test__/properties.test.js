'use strict';
// Property tests (fast-check) over the request shapes that reach us: the extractors, the passport-jwt drop-in
// Strategy, the Node-RED sign-in strategy, the `tokens` hook and the CLI. Whatever arrives, the outcome is a
// verdict (a token or null; exactly one Passport action; a user or null; an exit code), never a throw, a
// rejection or a hang, and never an accept for a token that is not valid.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const fc = require('fast-check');
const { signJwt } = require('./support/jws');

const { Strategy, ExtractJwt } = require('..');
const nodeRedAuthJwt = require('..');
const { main } = require('../lib/cli/main');
const shapes = require('./support/request-shapes');

const SECRET = 'property-test-secret-0123456789abcdef';
const ISSUER = 'https://idp.test/';
const AUDIENCE = 'node-red';
const VALID = signJwt({ sub: 'alice' }, SECRET, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 3600 });
// Verdicts must come quickly; this bounds a hang without being a timing assertion on the happy path.
const SETTLE_MS = 5000;
const RUNS = Number(process.env.PROPERTY_RUNS) || 200;
const hasOwn = Object.prototype.hasOwnProperty;

/** Some requests carry the valid token somewhere an extractor looks, so the accept path is exercised too. */
const withMaybeValid = fc.tuple(shapes.request, fc.integer({ min: 0, max: 5 })).map(([req, where]) => {
  if (where === 1) req.headers.authorization = `Bearer ${VALID}`;
  if (where === 2) req.url = `/auth/strategy/callback?token=${VALID}`;
  return req;
});

const EXTRACTORS = {
  'fromHeader(authorization)': ExtractJwt.fromHeader('authorization'),
  'fromHeader(x-token)': ExtractJwt.fromHeader('x-token'),
  'fromBodyField(token)': ExtractJwt.fromBodyField('token'),
  'fromBodyField(constructor)': ExtractJwt.fromBodyField('constructor'),
  'fromUrlQueryParameter(token)': ExtractJwt.fromUrlQueryParameter('token'),
  'fromUrlQueryParameter(toString)': ExtractJwt.fromUrlQueryParameter('toString'),
  'fromAuthHeaderWithScheme(JWT)': ExtractJwt.fromAuthHeaderWithScheme('JWT'),
  fromAuthHeaderAsBearerToken: ExtractJwt.fromAuthHeaderAsBearerToken(),
  'fromCookie(nr_jwt)': ExtractJwt.fromCookie('nr_jwt'),
  'fromCookie(__proto__)': ExtractJwt.fromCookie('__proto__'),
  versionOneCompatibility: ExtractJwt.versionOneCompatibility({ tokenBodyField: 'token', tokenQueryParameterName: 'token' }),
};
const STRING_OR_NULL = new Set(['fromAuthHeaderWithScheme(JWT)', 'fromAuthHeaderAsBearerToken']);

test('extractors: any request gives a value or null, never a throw, never an inherited property', () => {
  fc.assert(
    fc.property(withMaybeValid, (req) => {
      for (const [name, extract] of Object.entries(EXTRACTORS)) {
        let out;
        try {
          out = extract(req);
        } catch (err) {
          // url.parse (kept for passport-jwt parity) refuses some URLs; that is a TypeError/URIError the
          // Strategy must turn into a verdict (checked below), never something else.
          assert.ok(name.includes('Query') || name === 'versionOneCompatibility', `${name} threw ${err}`);
          assert.ok(err instanceof TypeError || err instanceof URIError, `${name} threw ${err}`);
          continue;
        }
        if (STRING_OR_NULL.has(name)) assert.ok(out === null || typeof out === 'string', `${name} gave ${typeof out}`);
        if (name === 'fromBodyField(constructor)') {
          const body = req.body;
          assert.ok(out === null || (body && typeof body === 'object' && hasOwn.call(body, 'constructor')), 'inherited constructor');
        }
        if (name === 'fromCookie(__proto__)') assert.ok(out === null || typeof out === 'string' || hasOwn.call(req.cookies || {}, '__proto__'));
      }
    }),
    { numRuns: RUNS * 2 },
  );
});

/** Runs one request through `Object.create(strategy)`; resolves every action taken (and a throw, if any). */
function runStrategy(strategy, req) {
  return new Promise((resolve) => {
    const actions = [];
    const self = Object.create(strategy);
    let timer = null;
    const finish = () => {
      clearTimeout(timer);
      // Let a second (wrong) action surface before judging.
      setImmediate(() => resolve(actions));
    };
    for (const name of ['success', 'fail', 'error', 'pass', 'redirect']) {
      self[name] = (...args) => {
        actions.push([name, ...args]);
        if (actions.length === 1) finish();
      };
    }
    timer = setTimeout(() => resolve([...actions, ['hang']]), SETTLE_MS);
    try {
      self.authenticate(req, {});
    } catch (err) {
      actions.push(['throw', err]);
      finish();
    }
  });
}

test('passport-jwt drop-in Strategy: exactly one of success/fail/error for any request; success only for the valid token', async () => {
  const strategy = new Strategy(
    {
      secretOrKey: SECRET,
      issuer: ISSUER,
      audience: AUDIENCE,
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        ExtractJwt.fromUrlQueryParameter('token'),
        ExtractJwt.fromBodyField('token'),
        ExtractJwt.fromCookie('nr_jwt'),
        ExtractJwt.fromHeader('x-token'),
      ]),
    },
    (payload, done) => done(null, { username: payload.sub }),
  );
  const seen = { success: 0, fail: 0, error: 0 };
  await fc.assert(
    fc.asyncProperty(withMaybeValid, async (req) => {
      const actions = await runStrategy(strategy, req);
      assert.equal(actions.length, 1, `actions: ${actions.map((a) => a[0]).join(', ')}`);
      const [name, arg] = actions[0];
      assert.ok(['success', 'fail', 'error'].includes(name), `action ${name}: ${arg}`);
      seen[name] += 1;
      if (name === 'success') assert.equal(arg.username, 'alice');
    }),
    { numRuns: RUNS },
  );
  assert.ok(seen.success > 0 && seen.fail > 0, `both verdicts were reached: ${JSON.stringify(seen)}`);
});

function nodeRedVerify(profile, done) {
  // What Node-RED's wrapper does: Users.authenticate(profile), then done(null, user).
  return done(null, profile && profile.username ? { username: profile.username } : false);
}

for (const [label, extra] of [
  ['plain', {}],
  ['loginURL with {state} and {redirect}', { loginURL: 'https://idp.test/authorize?state={state}&redirect_uri={redirect}', baseURL: 'https://nodered.test/' }],
  ['tokenHeader', { tokenHeader: 'x-token' }],
]) {
  test(`Node-RED sign-in strategy (${label}): exactly one action for any request, never a throw or a hang`, async () => {
    const adminAuth = nodeRedAuthJwt({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, users: [{ username: 'alice', permissions: '*' }], cookie: 'nr_jwt', ...extra });
    const LoginStrategy = adminAuth.strategy.strategy;
    const strategy = new LoginStrategy(adminAuth.strategy.options, nodeRedVerify);
    const seen = {};
    await fc.assert(
      fc.asyncProperty(withMaybeValid, async (req) => {
        const actions = await runStrategy(strategy, req);
        assert.equal(actions.length, 1, `actions: ${actions.map((a) => a[0]).join(', ')}`);
        const [name, arg] = actions[0];
        assert.ok(['success', 'fail', 'error', 'redirect'].includes(name), `action ${name}: ${arg}`);
        seen[name] = (seen[name] || 0) + 1;
        if (name === 'success') assert.equal(arg.username, 'alice');
        if (name === 'fail') assert.equal(typeof arg.message, 'string');
      }),
      { numRuns: RUNS },
    );
    assert.ok(seen.fail > 0, JSON.stringify(seen));
  });
}

test('the tokens hook: any value resolves to null or the user, never a throw or a rejection', async () => {
  const adminAuth = nodeRedAuthJwt({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, users: [{ username: 'alice', permissions: '*' }] });
  const { tokens, users } = adminAuth;
  let valid = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: shapes.oddValue }, { weight: 1, arbitrary: fc.constant(VALID) }), async (value) => {
      let pending;
      try {
        pending = tokens(value);
      } catch (err) {
        assert.fail(`tokens threw synchronously: ${err}`);
      }
      const user = await pending;
      if (value === VALID) {
        valid += 1;
        assert.deepEqual(user, { username: 'alice', permissions: '*' });
      } else {
        assert.equal(user, null);
      }
      const looked = await users(value);
      assert.ok(looked === null || (typeof looked === 'object' && looked.username === value), 'users() gives a user only for its own name');
    }),
    { numRuns: RUNS },
  );
  assert.ok(valid > 0);
});

test('the CLI: any arguments end in exit code 0, 1 or 2 with a message, never a throw or a stack trace', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-props-'));
  try {
    fs.writeFileSync(path.join(cwd, 'junk.pem'), 'not a key');
    // Path options stay inside the temporary directory; --bits between 3073 and 8192 (allowed, and slow to
    // generate) becomes 3072.
    const value = fc.oneof(shapes.oddString.filter((s) => s.length < 2000), fc.constantFrom('EdDSA', 'ES256', 'RS256', 'HS256', 'none', '2048', '1024', '16384', '-1', '1e3', '99999999999', 'alice', '1h', '-5m', 'x=y', 'key.pem', 'junk.pem'));
    const safeValue = (opt, v) => {
      if (opt === '--out' || opt === '--key') return /^[\w.-]{1,20}$/.test(v) ? v : 'out';
      if (opt === '--bits') return /^\d+$/.test(v) && Number(v) > 3072 && Number(v) <= 8192 ? '3072' : v;
      return v;
    };
    const option = fc.constantFrom('--alg', '--bits', '--out', '--force', '--help', '-h', '--key', '--sub', '--aud', '--iss', '--exp', '--permissions', '--claim', '--kid', '--', '-x', '--nope');
    const argv = fc.tuple(
      fc.constantFrom('keygen', 'token', 'help', '--help', 'nope', '', '__proto__', 'constructor'),
      fc.array(fc.tuple(option, value), { maxLength: 5 }),
    ).map(([command, pairs]) => [command, ...pairs.flatMap(([o, v]) => [o, safeValue(o, v)])]);
    const codes = new Set();
    fc.assert(
      fc.property(argv, (args) => {
        let out = '';
        let err = '';
        const io = { stdout: { write: (s) => { out += s; } }, stderr: { write: (s) => { err += s; } }, cwd };
        const code = main(args, io);
        codes.add(code);
        assert.ok([0, 1, 2].includes(code), `exit ${code}`);
        if (code !== 0) assert.match(err, /^node-red-auth-jwt: /, `no message for ${JSON.stringify(args)}`);
        assert.doesNotMatch(err, /\n\s+at /, `a stack trace for ${JSON.stringify(args)}`);
        if (code === 0) assert.ok(out.length > 0);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
    assert.ok(codes.has(2) && codes.has(0), `exit codes seen: ${[...codes]}`);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});

test('the Authorization header split matches passport-jwt\'s regex exactly, and stays linear on a huge header', { timeout: 60_000 }, () => {
  const { parse } = require('../lib/passport/auth-header');
  const passportJwt = /(\S+)\s+(\S+)/;
  const chars = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '.', '=');
  fc.assert(
    fc.property(fc.string({ unit: chars, maxLength: 40 }), (value) => {
      const m = passportJwt.exec(value);
      assert.deepEqual(parse(value), m === null ? null : { scheme: m[1], value: m[2] });
    }),
    { numRuns: RUNS * 20 },
  );
  // passport-jwt's unanchored regex retries from every position of a long first run: quadratic, minutes for
  // this one header. Anchored, it is a single pass (the test's timeout catches a regression as a hang).
  assert.equal(parse('x'.repeat(1_000_000)), null);
  assert.deepEqual(parse(`Bearer ${'x'.repeat(1_000_000)}`).value.length, 1_000_000);
});
