'use strict';
// The blog post's settings.js (examples/passport-jwt-dropin) in a real Node-RED 4.1, once as written (our
// Strategy) and once with the require line pointed back at passport-jwt 4.0.1: every token must get the same
// answer from both, and the sessions our sign-in hands out must work on the admin API.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { signJwt, sign: signJws } = require('./support/jws');
const { NodeRed, ROOT } = require('./support/node-red');
const { signIn, request, bearer } = require('./support/node-red-client');

const EXAMPLE = path.join(ROOT, 'examples', 'passport-jwt-dropin', 'settings.js');

const signer = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = Math.floor(Date.now() / 1000);
const sign = (claims, key = signer.privateKey, alg = 'RS256') => signJwt(claims, key, { algorithm: alg, noTimestamp: true });
const unsigned = (claims) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

const TOKENS = {
  alice: sign({ sub: 'alice', exp: now + 600 }),
  bob: sign({ sub: 'bob', exp: now + 600 }),
  'unlisted user': sign({ sub: 'carol', exp: now + 600 }),
  expired: sign({ sub: 'alice', exp: now - 60 }),
  'other key': sign({ sub: 'alice', exp: now + 600 }, stranger.privateKey),
  'alg none': unsigned({ sub: 'alice', exp: now + 600 }),
  // The classic algorithm-confusion forgery: an HMAC keyed with the public key's PEM text.
  'HS256 with the public key as secret': signJws({ sub: 'alice', exp: now + 600 },
    signer.publicKey.export({ type: 'spki', format: 'pem' }), { alg: 'HS256', typ: 'JWT' }),
  tampered: (() => {
    const [h, , s] = sign({ sub: 'bob', exp: now + 600 }).split('.');
    return `${h}.${Buffer.from(JSON.stringify({ sub: 'alice', exp: now + 600 })).toString('base64url')}.${s}`;
  })(),
  garbage: 'not-a-jwt',
};

function settingsFor(dir, moduleRequire) {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'node-red-auth-jwt'), 'dir');
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  const swapped = text.replace("require('node-red-auth-jwt')", moduleRequire);
  assert.ok(text.includes("require('node-red-auth-jwt')"), 'the example has the require line this test swaps');
  return `${swapped}\nmodule.exports.uiHost = '127.0.0.1';\nmodule.exports.telemetry = { enabled: false, updateNotification: false };\n`;
}

async function launch(label, moduleRequire) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nrjwt-dropin-${label}-`));
  fs.writeFileSync(path.join(dir, 'public.pem'), signer.publicKey.export({ type: 'spki', format: 'pem' }));
  const nr = new NodeRed({ version: 4, optionsSource: '{}', userDir: dir });
  fs.writeFileSync(nr.settingsPath, settingsFor(dir, moduleRequire));
  process.env.JWT_PUBLIC_KEY_FILE = path.join(dir, 'public.pem');
  try {
    await nr.start();
  } catch (err) {
    await nr.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { nr, dir };
}

describe('the blog post settings.js with passport-jwt swapped for node-red-auth-jwt', () => {
  let ours;
  let theirs;
  before(async () => {
    ours = await launch('ours', "require('node-red-auth-jwt')");
    theirs = await launch('passport-jwt', `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'passport-jwt'))})`);
  });
  after(async () => {
    for (const side of [ours, theirs]) {
      if (!side) continue;
      await side.nr.stop();
      fs.rmSync(side.dir, { recursive: true, force: true });
    }
    delete process.env.JWT_PUBLIC_KEY_FILE;
  });

  test('our Strategy is the one Node-RED loaded', () => {
    const settings = fs.readFileSync(ours.nr.settingsPath, 'utf8');
    assert.match(settings, /^const \{ Strategy, ExtractJwt \} = require\('node-red-auth-jwt'\);$/m);
    const theirsSettings = fs.readFileSync(theirs.nr.settingsPath, 'utf8');
    assert.match(theirsSettings, /^const \{ Strategy, ExtractJwt \} = require\(".*passport-jwt"\);$/m);
  });

  for (const [name, token] of Object.entries(TOKENS)) {
    test(`"${name}" gets the same answer as from passport-jwt`, async () => {
      const a = await signIn(ours.nr, { query: { token } });
      const b = await signIn(theirs.nr, { query: { token } });
      assert.equal(a.status, 302);
      assert.equal(b.status, 302);
      assert.equal(Boolean(a.accessToken), Boolean(b.accessToken), `ours: ${a.location} / passport-jwt: ${b.location}`);
      const shouldSignIn = name === 'alice' || name === 'bob';
      assert.equal(Boolean(a.accessToken), shouldSignIn, a.location);
      if (!shouldSignIn) assert.match(a.location, /session_message=/);
    });
  }

  test('a session from our sign-in carries the listed permissions on the admin API', async () => {
    const alice = await signIn(ours.nr, { query: { token: TOKENS.alice } });
    const bob = await signIn(ours.nr, { query: { token: TOKENS.bob } });
    const deploy = { method: 'POST', json: [{ id: 't1', type: 'tab', label: 'T1' }] };
    assert.equal((await request(ours.nr, '/flows', { headers: bearer(decodeURIComponent(alice.accessToken)) })).status, 200);
    assert.equal((await request(ours.nr, '/flows', { ...deploy, headers: bearer(alice.accessToken) })).status, 204);
    assert.equal((await request(ours.nr, '/flows', { headers: bearer(bob.accessToken) })).status, 200);
    assert.equal((await request(ours.nr, '/flows', { ...deploy, headers: bearer(bob.accessToken) })).status, 401);
    assert.equal((await request(ours.nr, '/flows')).status, 401);
    assert.ok(ours.nr.alive, 'Node-RED is still running');
  });
});
